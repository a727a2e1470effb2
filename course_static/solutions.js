// Solutions (and any other sphinx-togglebutton dropdown) open and close from their title and
// from their button, by mouse and keyboard, with no error.
//
// sphinx-togglebutton 0.4.5 listens on the whole title and works out the button from the
// element clicked: a click on the title's text (a link, in a sphinx-exercise solution), on a
// <span> or on the <path> inside the chevron finds no button and throws "ReferenceError: button
// is not defined". This replaces its listener with one that starts from the title itself. It
// also names the button after what it does ("Show solution", "Hide solution"), instead of
// "Toggle hidden content"; solutions.css gives it a visible focus ring.
// Loaded after togglebutton.js, so its DOMContentLoaded handler runs after the one that adds
// the buttons.
document.addEventListener("DOMContentLoaded", () => {
  const hints = (hidden) =>
    hidden
      ? typeof toggleHintShow === "string" ? toggleHintShow : "Click to show"
      : typeof toggleHintHide === "string" ? toggleHintHide : "Click to hide";

  for (const item of document.querySelectorAll(".admonition.toggle")) {
    const title = item.querySelector(":scope > .admonition-title");
    const button = title && title.querySelector(".toggle-button");
    if (!button) continue;
    const what = item.classList.contains("solution")
      ? "solution"
      : title.textContent.trim() || "content";

    const update = () => {
      const hidden = item.classList.contains("toggle-hidden");
      button.classList.toggle("toggle-button-hidden", hidden);
      button.setAttribute("aria-expanded", String(!hidden));
      button.setAttribute("aria-label", `${hidden ? "Show" : "Hide"} ${what}`);
      button.dataset.toggleHint = hints(hidden);
    };

    if (typeof toggleClickHandler === "function") {
      title.removeEventListener("click", toggleClickHandler);
      button.removeEventListener("click", toggleClickHandler);
    }
    title.addEventListener("click", (event) => {
      // A link in the title would leave the page: the title is the toggle.
      if (event.target.closest("a[href]")) event.preventDefault();
      item.classList.toggle("toggle-hidden");
      update();
    });
    // Whatever else changes the state (printing opens every solution) keeps the name right.
    new MutationObserver(update).observe(item, { attributes: true, attributeFilter: ["class"] });
    update();
  }
});
