// A formula wider than the screen scrolls inside its own box (layout.css); a keyboard must be
// able to scroll it too (WCAG 2.1.1), so such a box, and only such a box, is a tab stop. A
// formula that fits is never focusable: math stays out of the tab order. The theme does the same
// for code blocks and notebook outputs. A ResizeObserver checks a box again whenever it or its
// formula changes size: a new window width, the math fonts arriving, a quiz option opening.
(() => {
  function update(box) {
    if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
    else box.removeAttribute("tabindex");
  }
  document.addEventListener("DOMContentLoaded", () => {
    const boxes = document.querySelectorAll(".katex-display");
    if (!("ResizeObserver" in window)) {
      boxes.forEach(update);
      return;
    }
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) update(entry.target.closest(".katex-display"));
    });
    for (const box of boxes) {
      observer.observe(box);
      if (box.firstElementChild) observer.observe(box.firstElementChild);
    }
  });
})();
