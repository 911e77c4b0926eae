"""Participant views for taking a quiz: start or resume, the answer form, saving, submitting, the review.

Thin: the services write and score, the selectors read. Every attempt is looked up with its owner, so
anyone else's attempt id is a 404. A form that does not fit its attempt, a closed attempt or a late
save is answered with a clear message (400 or 409), never a 500, and nothing already saved is lost.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses.models import QuizPage
from enrollments.models import QuizAttempt
from enrollments.quizzes import selectors, services
from enrollments.quizzes.answers import InvalidAnswers
from enrollments.quizzes.availability import is_past_deadline


def _attempt_or_404(request: HttpRequest, public_id) -> QuizAttempt:
    attempt = selectors.attempt_for(public_id=public_id, user=request.user)
    if attempt is None:
        raise Http404
    return attempt


def _quiz_page(attempt: QuizAttempt) -> QuizPage:
    """The quiz page in the reader's language (the attempt keeps the version it was taken on)."""
    return attempt.version.quiz.localized


def _review_url(attempt: QuizAttempt) -> str:
    return reverse("quiz_attempt_review", kwargs={"public_id": attempt.public_id})


def _attempt_url(attempt: QuizAttempt) -> str:
    return reverse("quiz_attempt", kwargs={"public_id": attempt.public_id})


def _wants_json(request: HttpRequest) -> bool:
    # Not request.accepts(): a browser's ordinary form post accepts */* and would be answered in JSON.
    return "application/json" in request.headers.get("Accept", "")


def _saved_message(attempt: QuizAttempt) -> str:
    return _("Saved at %(time)s") % {"time": date_format(timezone.localtime(attempt.saved_at), "H:i")}


def _closed_message(closed: services.AttemptClosed) -> str:
    if closed.timed_out:
        return _("Time ran out, so your saved answers were submitted.")
    return _("This attempt was already submitted; your answers were not changed.")


def refusal_message(*, quiz: QuizPage, availability: selectors.Availability) -> str:
    """Why a new attempt cannot start, in the words the quiz page uses too."""
    text = render_to_string("enrollments/quizzes/refusal.html", {"quiz": quiz, "availability": availability})
    return mark_safe(" ".join(text.split()))  # noqa: S308 - rendered by an autoescaping template


def _problem(request: HttpRequest, attempt: QuizAttempt, message: str, *, status: int = 400) -> HttpResponse:
    return render(request, "enrollments/quizzes/problem.html",
                  {"attempt": attempt, "message": message, "quiz": _quiz_page(attempt)}, status=status)


def _form(request: HttpRequest, attempt: QuizAttempt, *, problems=(), status: int = 200) -> HttpResponse:
    remaining = None
    if attempt.deadline is not None:
        remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return render(request, "enrollments/quizzes/attempt.html", {
        "attempt": attempt, "quiz": _quiz_page(attempt), "definition": attempt.version.definition,
        "questions": selectors.attempt_questions(attempt=attempt), "problems": problems,
        "seconds_left": remaining,
    }, status=status)


@login_required
@require_POST
def quiz_start(request: HttpRequest, page_id: int) -> HttpResponse:
    quiz = get_object_or_404(QuizPage.objects.live().public(), pk=page_id)
    try:
        attempt = services.start_attempt(quiz=quiz, user=request.user)
    except services.QuizUnavailable as refused:
        messages.error(request, refusal_message(quiz=quiz, availability=refused.availability))
        return redirect(quiz.get_url(request))
    return redirect(_attempt_url(attempt))


@never_cache  # someone's answers: never kept by a shared computer's cache or shown again by the back button
@login_required
@require_GET
def quiz_attempt(request: HttpRequest, public_id) -> HttpResponse:
    attempt = _attempt_or_404(request, public_id)
    if attempt.is_submitted:
        return redirect(_review_url(attempt))
    now = timezone.now()
    if is_past_deadline(deadline=attempt.deadline, now=now):
        try:
            services.submit_attempt(attempt=attempt, now=now)  # past the deadline: closes it with what was saved
        except services.AttemptClosed as closed:
            messages.info(request, _closed_message(closed))
        return redirect(_review_url(attempt))
    return _form(request, attempt)


@login_required
@require_POST
def quiz_attempt_save(request: HttpRequest, public_id) -> HttpResponse:
    attempt = _attempt_or_404(request, public_id)
    as_json = _wants_json(request)
    try:
        attempt = services.save_answers(attempt=attempt, data=request.POST)
    except InvalidAnswers as invalid:
        if as_json:
            return JsonResponse({"error": str(invalid)}, status=400)
        return _problem(request, attempt, str(invalid))
    except services.AttemptClosed as closed:
        if as_json:
            return JsonResponse({"error": _closed_message(closed), "review_url": _review_url(attempt)}, status=409)
        messages.info(request, _closed_message(closed))
        return redirect(_review_url(attempt))
    if as_json:
        return JsonResponse({"saved_at": attempt.saved_at.isoformat(), "message": _saved_message(attempt)})
    messages.success(request, _saved_message(attempt))
    return redirect(_attempt_url(attempt))


@login_required
@require_POST
def quiz_attempt_submit(request: HttpRequest, public_id) -> HttpResponse:
    attempt = _attempt_or_404(request, public_id)
    try:
        attempt = services.save_answers(attempt=attempt, data=request.POST)
        attempt = services.submit_attempt(attempt=attempt)
    except InvalidAnswers as invalid:
        return _problem(request, attempt, str(invalid))
    except services.AttemptClosed as closed:
        messages.info(request, _closed_message(closed))
        return redirect(_review_url(attempt))
    except services.AnswersNeedAttention as attention:
        # The answers were saved just before: the form shows them again with what to fix.
        return _form(request, attempt, problems=attention.problems, status=400)
    messages.success(request, _("Your answers were submitted."))
    return redirect(_review_url(attempt))


@never_cache
@login_required
@require_GET
def quiz_attempt_review(request: HttpRequest, public_id) -> HttpResponse:
    attempt = _attempt_or_404(request, public_id)
    if not attempt.is_submitted:
        return redirect(_attempt_url(attempt))
    quiz = _quiz_page(attempt)
    return render(request, "enrollments/quizzes/review.html", {
        "review": selectors.attempt_review(attempt=attempt), "attempt": attempt, "quiz": quiz,
        "definition": attempt.version.definition, "parent_page": quiz.get_parent(),
        "availability": selectors.availability(quiz=quiz, user=request.user) if quiz.live else None,
    })
