/* planflow's few behaviours on top of viewflow's pages. Turbo Drive swaps pages without reloading
   this file, so clicks are handled on the document and page set-up runs on every "turbo:load".
   Every behaviour has a server-side fallback: without this file the pages still work. */
(function () {
  "use strict";

  /* "Thêm …" on a form with formsets: a new row where the person is, no reload. The formset's
     empty form (a <template id="empty-row-PREFIX">) is copied with the next index, TOTAL_FORMS
     grows, and the cursor goes into the new row's first field. (Without the template the button
     submits the form and the server adds the row.) */
  function addRow(button) {
    const prefix = button.dataset.addRow;
    const form = button.form;
    const template = document.getElementById("empty-row-" + prefix);
    const rows = document.getElementById("rows-" + prefix);
    const total = form && form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    const max = form && form.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    if (!template || !rows || !total) return false;
    const index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return true; // the server's limit: nothing more to add
    const html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const row = rows.lastElementChild;
    const field = row.querySelector('textarea, select, input:not([type="hidden"]):not([type="checkbox"])');
    if (field) field.focus(); // scrolls only as far as the new field needs
    return true;
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-add-row]");
    if (button && addRow(button)) event.preventDefault();
  });

  /* The error banner names each field that failed; a click on a name puts the cursor there. */
  function focusField(id) {
    const target = document.getElementById(id);
    if (!target) return false;
    const field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    target.scrollIntoView({ block: "center" });
    if (field) field.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-error-target]");
    if (link && focusField(link.dataset.errorTarget)) event.preventDefault();
  });

  /* A form shown again with its errors: the person is taken to the first field that failed.
     (Turbo renders a 422 answer with "turbo:render", then scrolls to the top: so one frame later.) */
  function goToFirstError() {
    const summary = document.querySelector("[data-error-summary]");
    const first = summary && summary.querySelector("a[data-error-target]");
    if (first) requestAnimationFrame(function () { focusField(first.dataset.errorTarget); });
  }
  /* A review comment sent, answered or resolved: Turbo replaced only the comments' frame (the page
     stays where it was); the cursor goes to the frame's message, which a screen reader then reads. */
  document.addEventListener("turbo:frame-load", function (event) {
    const status = event.target.querySelector("[data-inline-messages]");
    if (status) status.focus({ preventScroll: true });
  });

  document.addEventListener("turbo:load", goToFirstError);
  document.addEventListener("turbo:render", goToFirstError);
})();
