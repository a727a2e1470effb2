// Make every sidebar button of the page work, on a phone too.
//
// pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3 attach their sidebar handlers to the
// first `.primary-toggle` (and `.secondary-toggle`) of the page only
// (pydata-sphinx-theme#2451). That first one sits in the top navbar, which this layout hides;
// the menu button a reader sees is another one, in the article header, and did nothing.
// Forward its clicks to the button the themes listen to: on a narrow screen the theme opens
// the chapter list as a dialog, on a wide one it shows or hides the sidebar.
document.addEventListener("DOMContentLoaded", () => {
  for (const side of ["primary", "secondary"]) {
    const [bound, ...others] = document.querySelectorAll(`.${side}-toggle`);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        bound.click();
      });
    }
  }
});
