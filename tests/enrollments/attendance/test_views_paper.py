"""What the trainer shows and prints for a day, and enters afterwards: the QR page, sign-in sheet, paper entry."""

import re
from unittest.mock import patch

import pytest
import qrcode

from enrollments.attendance import checkin
from enrollments.models import Attendance, AttendanceChange, AttendanceMethod
from tests.enrollments.attendance.trainer_pages import day_month, marks, url
from tests.enrollments.factories import ProfileFactory
from tests.factories import TrainerFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


# --- QR page -------------------------------------------------------------------------------------

def test_qr_page_shows_an_svg_code_for_todays_check_in_and_refreshes(trainer_client, day, people):
    with patch("enrollments.attendance.views.qrcode.make", wraps=qrcode.make) as make:
        response = trainer_client.get(url("checkin_qr", day))

    assert response.status_code == 200
    html = text(response)
    assert "<svg" in html and "<path" in html
    assert f'<noscript><meta http-equiv="refresh" content="{checkin.TOKEN_REFRESH_SECONDS}"></noscript>' in html
    assert 'data-refresh-seconds="' in html and "js/checkin-present.js" in html
    assert uk("%(checked_in)s of %(total)s checked in", checked_in=0, total=3) in html
    encoded = make.call_args.args[0]
    prefix = "http://testserver/uk/learning/trainer/check-in/"
    assert encoded.startswith(prefix) and encoded.endswith("/")
    assert checkin.day_id_from_token(encoded.removeprefix(prefix).rstrip("/")) == day.pk


@pytest.mark.parametrize("which", ["future_day", "past_day"])
def test_qr_page_explains_it_works_only_on_the_day(trainer_client, request, people, which):
    other_day = request.getfixturevalue(which)

    response = trainer_client.get(url("checkin_qr", other_day))

    assert response.status_code == 200
    html = text(response)
    assert "<svg" not in html
    assert 'http-equiv="refresh"' not in html
    from django.template.defaultfilters import date as date_filter
    assert uk("The QR code is shown only on the day itself, %(date)s.",
              date=date_filter(other_day.date, "j E Y")) in html
    hint = "Come back to this page on that day." if which == "future_day" else \
        "This day is over: correct attendance on the roster or enter the paper sheet."
    assert uk(hint) in html


def test_qr_page_offers_to_show_the_code_full_screen(trainer_client, day, people):
    response = trainer_client.get(url("checkin_qr", day))

    assert response.status_code == 200
    assert f'href="{url("checkin_qr_present", day)}"' in text(response)
    assert uk("Show the code full screen") in text(response)


def test_presentation_page_shows_the_code_with_a_short_caption_and_no_site_header(trainer_client, day, people):
    with patch("enrollments.attendance.views.qrcode.make", wraps=qrcode.make) as make:
        response = trainer_client.get(url("checkin_qr_present", day))

    assert response.status_code == 200
    html = text(response)
    assert 'id="present-code"' in html and "<svg" in html and "<path" in html
    assert "site-header" not in html and "site-nav" not in html
    assert uk("Scan to check in") in html and "Ведення випадку, Дніпро" in html
    assert uk("Day %(number)s, %(date)s", number=1, date=day_month(day)) in html
    assert uk("%(checked_in)s of %(total)s checked in", checked_in=0, total=3) in html
    assert f'data-url="{url("checkin_qr_code", day)}"' in html and "js/checkin-present.js" in html
    # Without scripts the page reloads itself instead; with them it swaps the code in and keeps full screen.
    assert f'<noscript><meta http-equiv="refresh" content="{checkin.TOKEN_REFRESH_SECONDS}"></noscript>' in html
    assert f'href="{url("checkin_qr", day)}"' in html
    assert checkin.day_id_from_token(make.call_args.args[0].rstrip("/").rsplit("/", 1)[1]) == day.pk


@pytest.mark.parametrize("which", ["future_day", "past_day"])
def test_presentation_page_shows_no_code_on_another_day(trainer_client, request, people, which):
    other_day = request.getfixturevalue(which)

    response = trainer_client.get(url("checkin_qr_present", other_day))

    assert response.status_code == 200
    html = text(response)
    assert "<svg" not in html and "checkin-present.js" not in html and 'http-equiv="refresh"' not in html
    from django.template.defaultfilters import date as date_filter
    assert uk("The QR code is shown only on the day itself, %(date)s.",
              date=date_filter(other_day.date, "j E Y")) in html


def test_qr_code_alone_is_freshly_signed_and_never_cached(trainer_client, day, people):
    with patch("enrollments.attendance.views.qrcode.make", wraps=qrcode.make) as make:
        response = trainer_client.get(url("checkin_qr_code", day))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert text(response).startswith("<svg") and "<path" in text(response)
    encoded = make.call_args.args[0]
    prefix = "http://testserver/uk/learning/trainer/check-in/"
    assert encoded.startswith(prefix)
    assert checkin.day_id_from_token(encoded.removeprefix(prefix).rstrip("/")) == day.pk


@pytest.mark.parametrize("which", ["future_day", "past_day"])
def test_qr_code_alone_is_not_drawn_on_another_day(trainer_client, request, people, which):
    response = trainer_client.get(url("checkin_qr_code", request.getfixturevalue(which)))

    assert response.status_code == 404
    assert b"<svg" not in response.content


# --- Sign-in sheet -------------------------------------------------------------------------------

def test_sign_in_sheet_lists_everyone_alphabetically_with_five_empty_rows(trainer_client, taught_session, day, people):
    second = TrainerFactory()
    ProfileFactory(user=second, full_name="Богдан Лисенко")
    taught_session.trainers.add(second)

    response = trainer_client.get(url("sign_in_sheet", day))

    assert response.status_code == 200
    html = text(response)
    assert "@page { size: A4" in html and "@media print" in html
    assert f"<h1>{taught_session.title}</h1>" in html
    from django.template.defaultfilters import date as date_filter
    assert date_filter(day.date, "l, j E Y") in html
    assert taught_session.venue in html and taught_session.city in html
    assert "Богдан Лисенко, Олена Тренерка" in html
    for heading in ("No.", "Name", "Organisation", "Signature"):
        assert f">{uk(heading)}</th>" in html
    rows = re.findall(r'<td class="sheet__number">(\d+)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>', html)
    assert rows[:3] == [("1", "Андрій Коваль", "ЦНАП Анд"), ("2", "Ірина Бойко", "ЦНАП Іри"),
                        ("3", "Юрій Зінченко", "ЦНАП Юрі")]
    assert [number for number, name, _ in rows[3:]] == ["4", "5", "6", "7", "8"]
    assert html.count('class="sheet__blank"') == 5
    assert "Скасована Особа" not in html


# --- Paper entry ---------------------------------------------------------------------------------

def test_paper_entry_shows_a_compact_table_of_everyone(trainer_client, past_day, people):
    response = trainer_client.get(url("paper_entry", past_day))

    assert response.status_code == 200
    html = text(response)
    assert '<table class="marks-table">' in html
    for label in ("Present", "Late", "Excused", "Absent"):
        assert f'<th scope="col">{uk(label)}</th>' in html
    for enrollment in people:
        assert html.count(f'name="status_{enrollment.pk}"') == 4
    assert uk("Present") + ": Андрій Коваль" in html  # each radio is labelled with person and status
    assert f'action="{url("roster_walk_in", past_day)}"' in html and 'name="return_to" value="paper"' in html


def test_paper_entry_saves_with_the_import_method(trainer_client, trainer, past_day, people):
    response = trainer_client.post(url("paper_entry", past_day), marks(
        {people[0]: "present", people[1]: "absent", people[2]: "excused"}), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url("paper_entry", past_day), 302)]
    assert uk("Attendance saved.") in text(response)
    saved = Attendance.objects.filter(day=past_day)
    assert {a.status for a in saved} == {"present", "absent", "excused"}
    assert {a.method for a in saved} == {AttendanceMethod.IMPORT}
    assert set(AttendanceChange.objects.values_list("method", "changed_by")) == {(AttendanceMethod.IMPORT, trainer.pk)}


def test_paper_entry_refuses_bad_input_and_saves_nothing(trainer_client, past_day, people):
    response = trainer_client.post(url("paper_entry", past_day), marks({people[0]: "present", people[1]: "maybe"}))

    assert response.status_code == 400
    assert uk("Nothing was saved. Please correct the marks shown below.") in text(response)
    assert not Attendance.objects.exists()


def test_paper_entry_is_closed_for_future_days(trainer_client, future_day, people):
    page = trainer_client.get(url("paper_entry", future_day))
    post = trainer_client.post(url("paper_entry", future_day), marks({people[0]: "present"}))

    assert page.status_code == 200
    assert uk("This day is on %(date)s. Enter its sheet once the day has taken place.",
              date=day_month(future_day)) in text(page)
    assert "<table" not in text(page)
    assert post.status_code == 400
    assert not Attendance.objects.exists()
