// A learner's progress on the static site, kept in this browser only (localStorage; no server,
// no account): the option chosen for each quiz question and the solutions opened, per page,
// both put back on a reload; and, in the sidebar, a "quiz done" mark on every chapter whose quiz
// has all its questions answered.
//
// Everything sits under one key per copy of the course, named after the course and the site's
// root path, so two courses (or two versions of this one) on the same host do not mix:
//   { "pages": { "book/batches.html": { "quizzes": { <data-quiz-key>: [2, -1, 0, ...] },
//                                        "solutions": [<solution id>, ...], "done": true } } }
// A quiz answers through the `courseQuiz` object and the "course-quiz-change" event that
// course_lib/quiz.py's script provides; a solution's state is sphinx-togglebutton's
// `toggle-hidden` class on its `.solution.dropdown`, whoever toggles it. When localStorage is
// missing, blocked or full, or holds something unreadable, the page works as before and
// remembers nothing: no error reaches the console.
(() => {
  "use strict";

  const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
  const KEY = `how-neural-networks-learn:progress:${root.pathname}`;

  // The page's name relative to the site's root ("book/batches.html"); "" for the root itself.
  const pageOf = (url) => {
    const path = decodeURIComponent(url.pathname);
    const start = decodeURIComponent(root.pathname);
    const page = path.startsWith(start) ? path.slice(start.length) : path;
    return page.endsWith("/") ? `${page}index.html` : page;
  };
  const PAGE = pageOf(location);

  const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

  const load = () => {
    try {
      const data = JSON.parse(window.localStorage.getItem(KEY));
      if (isObject(data) && isObject(data.pages)) return data;
    } catch (error) {
      // Storage blocked, or not JSON: start afresh.
    }
    return { pages: {} };
  };

  // Re-read before each change, so that another tab's progress on another page is kept.
  const update = (change) => {
    const data = load();
    const page = isObject(data.pages[PAGE]) ? data.pages[PAGE] : {};
    change(page);
    data.pages[PAGE] = page;
    try {
      window.localStorage.setItem(KEY, JSON.stringify(data));
    } catch (error) {
      // Storage blocked or full: this change is not remembered.
    }
    return data;
  };

  const quizzes = () =>
    [...document.querySelectorAll(".course-quiz[data-quiz-key]")].filter((quiz) => quiz.courseQuiz);

  const solutions = () => [...document.querySelectorAll(".solution.dropdown[id]")];

  // --- the sidebar's marks ------------------------------------------------------------------

  const markSidebar = (data) => {
    for (const link of document.querySelectorAll(".bd-sidebar-primary a.reference.internal")) {
      let page;
      try {
        page = pageOf(new URL(link.getAttribute("href"), location.href));
      } catch (error) {
        continue;
      }
      const done = isObject(data.pages[page]) && data.pages[page].done === true;
      const mark = link.querySelector(".course-quiz-done-mark");
      if (done && !mark) {
        const badge = document.createElement("span");
        badge.className = "course-quiz-done-mark";
        badge.innerHTML = '<span aria-hidden="true">✓ </span>quiz done';
        link.append(" ", badge);
      } else if (!done && mark) {
        if (mark.previousSibling && mark.previousSibling.nodeType === Node.TEXT_NODE) {
          mark.previousSibling.remove();
        }
        mark.remove();
      }
    }
  };

  // --- quizzes ------------------------------------------------------------------------------

  const saveQuizzes = () => {
    const all = quizzes();
    return update((page) => {
      page.quizzes = isObject(page.quizzes) ? page.quizzes : {};
      for (const quiz of all) page.quizzes[quiz.dataset.quizKey] = quiz.courseQuiz.answers();
      page.done =
        all.length > 0 && all.every((quiz) => quiz.courseQuiz.answers().every((k) => k >= 0));
    });
  };

  const restoreQuizzes = (stored) => {
    const saved = isObject(stored.quizzes) ? stored.quizzes : {};
    for (const quiz of quizzes()) {
      const answers = saved[quiz.dataset.quizKey];
      if (Array.isArray(answers)) quiz.courseQuiz.restore(answers);
    }
  };

  // --- solutions ----------------------------------------------------------------------------

  const isOpen = (solution) => !solution.classList.contains("toggle-hidden");

  const saveSolutions = () =>
    update((page) => {
      page.solutions = solutions()
        .filter(isOpen)
        .map((solution) => solution.id);
    });

  const restoreSolutions = (stored) => {
    const opened = new Set(Array.isArray(stored.solutions) ? stored.solutions : []);
    for (const solution of solutions()) {
      if (!opened.has(solution.id) || isOpen(solution)) continue;
      const button = solution.querySelector(".toggle-button");
      if (button) button.click();
    }
  };

  // --- start --------------------------------------------------------------------------------

  const start = () => {
    const data = load();
    const stored = isObject(data.pages[PAGE]) ? data.pages[PAGE] : {};
    try {
      restoreQuizzes(stored);
    } catch (error) {
      // A quiz that cannot take its stored answers starts empty.
    }
    try {
      restoreSolutions(stored);
    } catch (error) {
      // A solution that cannot be opened stays closed.
    }
    markSidebar(data);

    document.addEventListener("course-quiz-change", () => {
      try {
        markSidebar(saveQuizzes());
      } catch (error) {
        // Not remembered.
      }
    });
    const watch = new MutationObserver(() => {
      try {
        saveSolutions();
      } catch (error) {
        // Not remembered.
      }
    });
    for (const solution of solutions()) {
      watch.observe(solution, { attributes: true, attributeFilter: ["class"] });
    }
  };

  // After every other DOMContentLoaded handler: sphinx-togglebutton adds the solutions' buttons
  // in one.
  document.addEventListener("DOMContentLoaded", () => {
    setTimeout(() => {
      try {
        start();
      } catch (error) {
        // Progress is an extra: the page works without it.
      }
    }, 0);
  });
})();
