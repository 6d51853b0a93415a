/* Confirmation dialog for irreversible actions (macro confirm_button in templates/_macros.html).
   Without this script, or without <dialog> support, the button opens the action's own
   confirmation page instead, which asks the same question. */
(function () {
  "use strict";
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  if (!tokenMeta || typeof HTMLDialogElement !== "function") { return; }

  var dialog = document.createElement("dialog");
  dialog.className = "confirm-dialog";
  dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
  dialog.setAttribute("aria-describedby", "confirm-dialog-detail");
  var form = document.createElement("form");
  form.method = "post";
  var title = document.createElement("h2");
  title.id = "confirm-dialog-title";
  var detail = document.createElement("p");
  detail.id = "confirm-dialog-detail";
  var token = document.createElement("input");
  token.type = "hidden";
  token.name = "csrf_token";
  token.value = tokenMeta.content;
  var actions = document.createElement("div");
  actions.className = "actions";
  var yes = document.createElement("button");
  yes.type = "submit";
  yes.className = "button button-danger";
  var no = document.createElement("button");
  no.type = "button";
  no.className = "button-secondary";
  no.addEventListener("click", function () { dialog.close(); });
  actions.appendChild(yes);
  actions.appendChild(no);
  form.appendChild(title);
  form.appendChild(detail);
  form.appendChild(token);
  form.appendChild(actions);
  dialog.appendChild(form);
  document.body.appendChild(dialog);
  var opener = null;
  var inForm = null;  // a button that submits its own form once confirmed
  dialog.addEventListener("close", function () { if (opener) { opener.focus(); } });

  function ask(trigger, button) {
    opener = button;
    title.textContent = trigger.dataset.confirm;
    detail.textContent = trigger.dataset.confirmDetail || "";
    detail.hidden = !trigger.dataset.confirmDetail;
    yes.textContent = trigger.dataset.confirmLabel;
    no.textContent = trigger.dataset.confirmCancel;
    dialog.showModal();
    no.focus();
  }

  form.addEventListener("submit", function (event) {
    if (!inForm) { return; }
    // Submit the page's own form, so what was typed there is sent with the confirmed action.
    event.preventDefault();
    var button = inForm;
    inForm = null;
    var confirmed = document.createElement("input");
    confirmed.type = "hidden";
    confirmed.name = "confirmed";
    confirmed.value = "1";
    button.form.appendChild(confirmed);
    dialog.close();
    button.form.requestSubmit(button);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm]");
    if (!button || !button.form) { return; }
    event.preventDefault();
    inForm = button;
    ask(button, button);
  });

  document.addEventListener("submit", function (event) {
    var trigger = event.target;
    if (!trigger.matches || !trigger.matches("form[data-confirm]")) { return; }
    event.preventDefault();
    inForm = null;
    form.action = trigger.getAttribute("action");
    ask(trigger, trigger.querySelector("button"));
  });
}());
