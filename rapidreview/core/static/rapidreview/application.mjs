// Progressive enhancement only: every page works without this file.
import { initAll } from "../js/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "../js/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
// MoJ Frontend's components, such as the sortable table on the dashboard.
initMojFrontend();

// --- Autosave --------------------------------------------------------------------------------
// A form with data-autosave-url keeps what is typed into it: 2 seconds after typing stops, and
// when the page is hidden or left, the form is posted to that URL (only if it changed since it
// was last kept, so an idle page never keeps a session alive). The server answers with the time
// it kept it; if the session has timed out it answers with a redirect to sign in, and we say so.
const AUTOSAVE_AFTER_MS = 2000;

function autosaveStatus(form) {
  let status = form.querySelector("[data-autosave-status]");
  if (!status) {
    status = document.createElement("p");
    status.className = "govuk-body-s app-autosave-status";
    status.dataset.autosaveStatus = "";
    const buttons = form.querySelector(".govuk-button-group, button[type=submit], .govuk-button");
    form.insertBefore(status, buttons && buttons.parentNode === form ? buttons : null);
  }
  status.setAttribute("aria-live", "polite");
  status.setAttribute("role", "status");
  return status;
}

function formBody(form) {
  const body = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string") body.append(name, value);
  }
  return body;
}

function signInLink() {
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  const link = document.createElement("a");
  link.className = "govuk-link";
  link.href = `/sign-in/?next=${next}`;
  link.textContent = "sign in again";
  return link;
}

function showSignedOut(status, savedAt) {
  status.classList.add("app-autosave-status--problem");
  status.replaceChildren(
    savedAt
      ? `You have been signed out. Everything you typed up to ${savedAt} is kept: `
      : "You have been signed out, so nothing you typed on this page has been kept yet: ",
    signInLink(),
    " to carry on.",
  );
}

function startAutosave(form) {
  const url = form.dataset.autosaveUrl;
  const status = autosaveStatus(form);
  let kept = formBody(form).toString(); // what the page opened with: nothing to keep yet
  let savedAt = "";
  let timer = null;
  let stopped = false;
  let sent = 0; // each post is numbered, so an older answer arriving late is ignored
  let answered = 0;

  async function send(leaving = false) {
    window.clearTimeout(timer);
    timer = null;
    const body = formBody(form);
    const text = body.toString();
    if (stopped || text === kept) return;
    const number = ++sent;
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        keepalive: leaving,
      });
    } catch {
      if (leaving && navigator.sendBeacon) navigator.sendBeacon(url, body);
      else status.textContent = "Your latest changes have not been kept yet: check your connection.";
      return;
    }
    if (response.redirected || response.status === 401) {
      stopped = true;
      showSignedOut(status, savedAt);
      return;
    }
    if (!response.ok) {
      status.textContent = "Your latest changes could not be kept automatically. Save the section to keep them.";
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (number < answered) return;
    answered = number;
    kept = text;
    savedAt = answer.saved_at || savedAt;
    status.classList.remove("app-autosave-status--problem");
    status.textContent = answer.message || "Saved a moment ago";
  }

  function later() {
    if (stopped) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => send(), AUTOSAVE_AFTER_MS);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", () => {
    // The save itself keeps the answers (and removes the draft): no autosave may follow it.
    stopped = true;
    window.clearTimeout(timer);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") send(true);
  });
  window.addEventListener("pagehide", () => send(true));
}

for (const form of document.querySelectorAll("form[data-autosave-url]")) {
  startAutosave(form);
}
