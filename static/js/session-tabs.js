// The session day's tabs scroll sideways on a phone: bring the current one into view, without moving the page.
for (const current of document.querySelectorAll(".tabs [aria-current]")) {
  const bar = current.closest(".tabs");
  bar.scrollLeft = current.offsetLeft - (bar.clientWidth - current.offsetWidth) / 2;
}
