/* The quiz attempt form: saves answers as the participant goes, keeps them on the phone while there is
   no connection and sends them when it returns, and counts down a time limit. Without JavaScript the
   form still works through its "Save answers" and "Submit" buttons. */
(function () {
  "use strict";
  var PREFIX = "quiz-pending:";
  var TYPING_PAUSE = 1500;
  var RETRY_AFTER = 15000;

  function store(action, key, value) {
    try {  // private browsing or a full storage must never break the form
      if (action === "set") localStorage.setItem(key, value);
      else if (action === "remove") localStorage.removeItem(key);
      else return localStorage.getItem(key);
    } catch (error) { return null; }
    return null;
  }

  // The review page: this attempt is submitted, nothing of it is left to send.
  var done = document.querySelector("[data-quiz-done]");
  if (done) store("remove", PREFIX + done.getAttribute("data-quiz-done"));

  var form = document.querySelector("[data-quiz-form]");
  if (!form || !window.fetch || !window.FormData) return;

  var key = PREFIX + form.getAttribute("data-attempt");
  var status = form.querySelector("[data-quiz-status]");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var typingTimer = null, retryTimer = null, inFlight = false, again = false, leaving = false;

  function say(text) { if (text) status.textContent = text; }

  function answers() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") pairs.push([name, value]);
    });
    return pairs;
  }

  // Until the server confirms a save, the answers live in localStorage too.
  function keep() { store("set", key, JSON.stringify({at: Date.now(), answers: answers()})); }
  function forget() { store("remove", key); }
  function pending() {
    try { return JSON.parse(store("get", key)); } catch (error) { return null; }
  }

  function restore(saved) {
    var values = {};
    saved.answers.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name.indexOf("q-") !== 0) return;
      var given = values[field.name] || [];
      if (field.type === "radio" || field.type === "checkbox") field.checked = given.indexOf(field.value) !== -1;
      else field.value = given.length ? given[0] : "";
    });
  }

  function retryLater(message) {
    say(message);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(save, RETRY_AFTER);
  }

  function handle(response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      if (response.ok) {
        if (!again) forget();
        say(data.message);
      } else if (response.status === 409 && data.review_url) {
        forget();  // already submitted: the review shows what counted
        leaving = true;
        window.location.assign(data.review_url);
      } else if (response.status === 400) {
        forget();  // the form does not fit the attempt; sending it again would not help
        say(data.error);
      } else {
        retryLater(status.getAttribute("data-failed"));
      }
    });
  }

  function save() {
    clearTimeout(typingTimer);
    clearTimeout(retryTimer);
    if (leaving) return;
    if (inFlight) { again = true; return; }
    inFlight = true;
    keep();
    say(status.getAttribute("data-saving"));
    fetch(form.getAttribute("data-save-url"), {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    }).then(handle, function () {
      retryLater(status.getAttribute("data-offline"));
    }).then(function () {
      inFlight = false;
      if (again) { again = false; save(); }
    });
  }

  form.addEventListener("change", function () { save(); });
  form.addEventListener("input", function (event) {
    if (event.target.type !== "text") return;
    keep();
    clearTimeout(typingTimer);
    typingTimer = setTimeout(save, TYPING_PAUSE);
  });
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.hasAttribute("data-quiz-save")) {
      event.preventDefault();  // saving needs no page load
      save();
      return;
    }
    keep();  // if the submit never arrives, the answers wait here for the next visit
    leaving = true;
  });
  window.addEventListener("online", function () { if (pending()) save(); });

  // Answers kept on this phone after the last save the server knows of: put them back and send them.
  var saved = pending();
  if (saved && saved.answers) {
    if (saved.at > Number(form.getAttribute("data-saved-at")) * 1000) {
      restore(saved);
      save();
    } else {
      forget();
    }
  }

  var timer = document.querySelector("[data-quiz-timer]");
  if (timer) countDown(timer);

  function countDown(box) {
    var total = Number(box.getAttribute("data-seconds-left"));
    var started = Date.now();
    var countdown = box.querySelector("[data-quiz-countdown]");
    var announce = box.querySelector("[data-quiz-announce]");
    var lastMinute = Math.ceil(total / 60);
    box.querySelector("[data-quiz-clock]").hidden = false;

    function tick() {
      var left = Math.max(0, Math.round(total - (Date.now() - started) / 1000));
      var minutes = Math.ceil(left / 60), seconds = left % 60;
      countdown.textContent = Math.floor(left / 60) + ":" + (seconds < 10 ? "0" : "") + seconds;
      // Screen readers hear every fifth minute and the last one, not every second.
      if (left > 0 && minutes !== lastMinute && (minutes % 5 === 0 || minutes === 1)) {
        announce.textContent = announce.getAttribute("data-minutes-left") + " " + minutes;
      }
      lastMinute = minutes;
      if (left === 0) {
        announce.textContent = announce.getAttribute("data-time-up");
        keep();
        leaving = true;
        form.submit();
        return;
      }
      setTimeout(tick, 1000);
    }
    tick();
  }
}());
