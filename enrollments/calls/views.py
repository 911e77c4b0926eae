"""Applicants' views: the application form (draft, submit, send changes), withdrawing, and uploaded files.

Thin: the services check the window (with the server's clock), eligibility and status, and write;
the selectors read. A refused post is answered with the page and a message saying why, the form keeping
what was typed; nothing already saved is lost. Files are served only to who may see the application.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from content.models import Call, CallPage
from enrollments.calls import review, selectors, services
from enrollments.calls.answers import InvalidAnswers
from enrollments.calls.forms import ApplicationForm, initial_for
from enrollments.calls.models import ApplicationStatus
from enrollments.calls.permissions import can_see_application
from enrollments.calls.window import KYIV


def _page_or_404(call_id: int) -> CallPage:
    """A published call page (the URL names the page applicants read, in its language), with its call."""
    page = CallPage.objects.live().public().select_related("locale", "call").filter(pk=call_id).first()
    if page is None:
        raise Http404
    return page


def _apply_url(page: CallPage) -> str:
    return reverse("call_apply", kwargs={"call_id": page.pk})


def kyiv_time(moment) -> str:
    """"31 березня 2026, 23:59 (за київським часом)" in the active language."""
    local = timezone.localtime(moment, KYIV)
    return f"{date_format(local, 'j E Y, H:i')} ({_('Kyiv time')})"


def refusal_message(refused: services.ApplicationRefused, call: Call) -> str:
    """Why nothing was accepted, in words the applicant can act on."""
    reason = refused.reason
    if reason == refused.NOT_OPEN_YET:
        return _("Applications open on %(moment)s. Nothing was saved yet.") % {"moment": kyiv_time(call.opens_at)}
    if reason == refused.CLOSED:
        return _("Applications closed on %(moment)s. Nothing was changed.") % {"moment": kyiv_time(call.deadline)}
    if reason == refused.INELIGIBLE:
        return _("This call is not open to you with the details you gave: see the conditions below. "
                 "Nothing was saved.")
    if reason == refused.EDITING_NOT_ALLOWED:
        return _("This call does not take changes after an application is submitted. "
                 "Your application was not changed.")
    if reason == refused.ALREADY_SENT:
        return _("Your application is already submitted: send your changes with “Send changes”.")
    return _("Your application can no longer be changed.")


def _page(request: HttpRequest, page: CallPage, *, form: ApplicationForm | None = None, refusal: str = "",
          problems: bool = False, status: int = 200) -> HttpResponse:
    now = timezone.now()
    application = selectors.application_of(call=page.call, user=request.user)
    questions = review.questions_of(page)
    files = selectors.files_by_question(application)
    declaration = form.declaration() if form is not None and form.is_bound else selectors.declaration_for(
        user=request.user, application=application)
    box = selectors.apply_box(call=page.call, user=request.user, application=application, declaration=declaration,
                              now=now)
    if form is None and box.can_edit:
        form = ApplicationForm(questions=questions, files_on_record=files, initial=initial_for(
            declaration=declaration, answers=application.answers if application else {}, questions=questions))
    stages = review.stages_of(page.call)
    return render(request, "enrollments/calls/apply.html", {
        "page": page, "call": page.call, "box": box, "application": application, "form": form if box.can_edit else None,
        "refusal": refusal, "problems": problems, "stages": stages,
        "current_stage": selectors.stage_of(application, stages),
        "answers": selectors.answer_rows(questions=questions, application=application, files=files),
    }, status=status)


@never_cache  # someone's answers: never kept by a shared computer's cache
@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, call_id: int) -> HttpResponse:
    page = _page_or_404(call_id)
    if request.method == "GET":
        localized = page.localized
        if localized.pk != page.pk and localized.live:
            return redirect(_apply_url(localized))  # the questions in the reader's language
        return _page(request, page)
    application = selectors.application_of(call=page.call, user=request.user)
    form = ApplicationForm(request.POST, request.FILES, questions=review.questions_of(page),
                           files_on_record=selectors.files_by_question(application))
    if not form.is_valid() and not form.only_file_errors:
        return _page(request, page, form=form, status=400)
    try:
        return _save(request, page, form, application=application, submit=request.POST.get("action") == "submit")
    except services.ApplicationRefused as refused:
        return _page(request, page, form=form, refusal=refusal_message(refused, page.call), status=409)
    except InvalidAnswers as invalid:
        return _page(request, page, form=form, refusal=str(invalid), status=400)


def _save(request: HttpRequest, page: CallPage, form: ApplicationForm, *, application, submit: bool) -> HttpResponse:
    data = {"page": page, "applicant": request.user, "declaration": form.declaration(), "answers": form.answers(),
            "uploads": form.uploads(), "now": timezone.now()}
    is_draft = application is None or application.status == ApplicationStatus.DRAFT
    if submit and not form.errors:
        try:
            services.submit_application(**data)
        except services.AnswersNeedAttention as attention:
            form.add_problems(attention.problems)
        else:
            messages.success(request, _("Your application has been submitted.") if is_draft
                             else _("Your changes have been sent."))
            return redirect(_apply_url(page))
    if not is_draft and form.errors:
        # A submitted application never goes back to being a draft: nothing changes until it can be sent again.
        return _page(request, page, form=form, problems=True, status=400)
    # What can be kept is kept: a refused file or a missing answer loses nothing else. A submitted or
    # closed application is refused here with its reason.
    services.save_draft(**data)
    if form.errors:
        return _page(request, page, form=form, problems=True, status=400)
    messages.success(request, _("Your draft has been saved. Submit it before the deadline."))
    return redirect(_apply_url(page))


@login_required
@require_POST
def withdraw(request: HttpRequest, call_id: int) -> HttpResponse:
    page = _page_or_404(call_id)
    application = selectors.application_of(call=page.call, user=request.user)
    if application is None:
        raise Http404
    try:
        services.withdraw_application(application=application, by=request.user, now=timezone.now())
    except services.ApplicationRefused as refused:
        messages.error(request, refusal_message(refused, page.call))
    else:
        messages.success(request, _("You have withdrawn your application."))
    return redirect(_apply_url(page))


@login_required
@require_http_methods(["GET"])
def application_file(request: HttpRequest, file_id: int) -> FileResponse:
    """An uploaded file, as a download, for the applicant, reviewers and coordinators; 404 for anyone else."""
    record = selectors.application_file(file_id=file_id)
    if record is None or not can_see_application(request.user, record.application):
        raise Http404
    try:  # through the storage, local disk or a private bucket alike: never a path on this machine
        handle = record.file.storage.open(record.file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=record.original_name,
                            content_type=record.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
