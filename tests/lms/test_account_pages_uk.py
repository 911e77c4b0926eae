"""The account pages in Ukrainian (django-allauth's, under our templates and our catalogue, which comes before
allauth's and Django's): none of the known bad strings of their catalogues, our own wording instead, and people
named by their name, never by their username."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.core import mail

from tests.enrollments.factories import ProfileFactory
from tests.factories import PASSWORD, ParticipantFactory, TrainerFactory
from tests.helpers import messages_of, text

pytestmark = pytest.mark.django_db

# What allauth's and Django's Ukrainian catalogues say on these pages: typos, broken grammar, Title Case,
# the username, and the infinitive where the person is asked to do something.
BAD = [
    "адресоюелектронної", "не може складається", "Запам'ятати Мене", "Недійсне назвище", "для користувача",
    "Відновлення Пароля", "Відновити Мій Пароль", "Змінити Пароль", "Поточний Пароль", "Новий Пароль",
    "Додати Електронну Пошту", "Адреса Електронної Пошти", "Зробити Основним", "Надіслати Повторне",
    "Підтвердити Адресу", "Підтвердіть Доступ", "Недійсний Токен", "Тоді будь ласка, ",
    "Вам потрібно вводити один і той самий пароль", "Успішно увійшли", "Додаток Для Аутентифікації",
    "Коди Для Відновлення",
]


def assert_ours(response, *wording: str) -> None:
    assert response.status_code == 200
    page = text(response)
    assert '<html lang="uk">' in page
    for bad in BAD:
        assert bad not in page, bad
    assert not re.search(r"olena\.newcomer(?!@)", page)  # the username; the address may be shown
    for words in wording:
        assert words in page, words


@pytest.fixture
def olena(db):
    person = ParticipantFactory(username="olena.newcomer", email="olena@example.org")
    ProfileFactory(user=person, full_name="Олена Коваль")
    return person


@pytest.mark.parametrize(("url", "words"), [
    ("/en/accounts/login/", ["Log in", "No account yet?", "Remember me"]),
    ("/en/accounts/signup/", ["Sign up", "Already have an account?"]),
    ("/en/accounts/password/reset/", ["Password reset", "Reset my password"]),
])
def test_the_english_pages_are_in_sentence_case(client, url, words):
    response = client.get(url)

    assert response.status_code == 200
    page = text(response)
    for title_case in ("Sign In", "Sign Up", "Remember Me", "Password Reset", "Reset My Password"):
        assert title_case not in page, title_case
    assert re.search(rf"<h1>\s*{words[0]}\s*</h1>", page)
    for word in words[1:]:
        assert word in page, word


def test_log_in(client):
    assert_ours(client.get("/uk/accounts/login/"),
                "Ще не маєте облікового запису? Спершу", "зареєструйтеся", "Запам’ятати мене", "Забули пароль?")


def test_a_failed_log_in_says_so_plainly(client, olena):
    response = client.post("/uk/accounts/login/", {"login": olena.email, "password": "wrong"})

    assert_ours(response, "Неправильна адреса електронної пошти або пароль.")


def test_logging_in_greets_by_name_not_username(client, olena):
    response = client.post("/uk/accounts/login/", {"login": olena.email, "password": PASSWORD}, follow=True)

    assert response.status_code == 200
    assert messages_of(response) == ["Вітаємо, Олена Коваль! Ви увійшли."]


def test_sign_up(client):
    response = client.get("/uk/accounts/signup/")
    assert_ours(response, "Уже маєте обліковий запис?", "Увійдіть", "Зареєструватися")
    html = response.content.decode()
    # The password rules are sentences in the field's help, not a list inside its <p> (invalid HTML).
    assert '<span class="helptext" id="id_password1_helptext">' in html and "<ul><li>" not in html
    assert "10" in html.split('id="id_password1_helptext">')[1].split("</span>")[0]  # the shortest length is said


def test_sign_up_errors(client):
    response = client.post("/uk/accounts/signup/", {"email": "new@example.org", "password1": "Synie-Nebo-nad-Dniprom-7",
                                                    "password2": "Synie-Nebo-nad-Dniprom-8"})

    assert_ours(response, "Паролі не збігаються: введіть той самий пароль двічі.")
    response = client.post("/uk/accounts/signup/", {"email": "new@example.org", "password1": "48213957260413",
                                                    "password2": "48213957260413"})
    assert_ours(response, "Пароль складається лише з цифр.")


def test_password_reset_every_step(client, olena):
    assert_ours(client.get("/uk/accounts/password/reset/"),
                "Забули пароль? Введіть адресу електронної пошти", "Відновити пароль",
                "Якщо не вдається відновити пароль, напишіть нам.")

    sent = client.post("/uk/accounts/password/reset/", {"email": olena.email}, follow=True)
    assert_ours(sent, "Відновлення пароля")

    key = f"{user_pk_to_url_str(olena)}-{default_token_generator.make_token(olena)}"
    form = client.get(f"/uk/accounts/password/reset/key/{key}/", follow=True)
    assert_ours(form, "Змінити пароль", "Новий пароль (ще раз)")
    done = client.post(form.redirect_chain[-1][0], {"password1": "Synie-Nebo-nad-Dniprom-7",
                                                    "password2": "Synie-Nebo-nad-Dniprom-7"}, follow=True)
    assert_ours(done, "Пароль змінено.")

    spent = client.get(f"/uk/accounts/password/reset/key/{key}/", follow=True)
    assert_ours(spent, "Посилання недійсне", "Запросіть нове посилання")


def test_confirm_email(client):
    client.post("/uk/accounts/signup/", {"email": "olena.newcomer@example.org", "password1": PASSWORD,
                                         "password2": PASSWORD})
    [link] = re.findall(r"https?://\S+", mail.outbox[0].body)

    page = client.get(link)

    assert_ours(page, "Підтвердження адреси електронної пошти",
                "Підтвердьте, що olena.newcomer@example.org — ваша адреса електронної пошти.")
    confirmed = client.post(link, follow=True)
    assert "Адресу olena.newcomer@example.org підтверджено." in messages_of(confirmed)
    assert_ours(client.get("/uk/accounts/confirm-email/not-a-key/"), "Посилання для підтвердження застаріло")


def test_email_management(client, olena):
    EmailAddress.objects.create(user=olena, email="second@example.org", verified=False, primary=False)
    client.force_login(olena)

    assert_ours(client.get("/uk/accounts/email/"), "Адреси електронної пошти вашого облікового запису:",
                "Основна", "Не підтверджена", "Зробити основною", "Надіслати підтвердження ще раз",
                "Додати адресу")


def test_password_change_and_log_out(client, olena):
    client.force_login(olena)

    assert_ours(client.get("/uk/accounts/password/change/"), "Поточний пароль", "Змінити пароль")
    assert_ours(client.get("/uk/accounts/logout/"), "Вийти з облікового запису?")


def test_reauthenticate_and_two_factor(client):
    trainer = TrainerFactory(is_staff=True)
    client.force_login(trainer)

    assert_ours(client.get("/uk/accounts/reauthenticate/"), "Підтвердьте, що це ви", "Введіть пароль:")
    assert_ours(client.get("/uk/accounts/2fa/"), "Двофакторна автентифікація", "Застосунок-автентифікатор")

