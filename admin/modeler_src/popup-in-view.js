// diagram-js keeps its popup menus (replace, append) inside the *document's* bounds, but the menu is
// position: fixed, so it must fit the *window*. On the authoring page the document is taller than the window
// (the modeler sits below the version's forms), and a replace menu opened for a task low on the canvas ran past
// the window's bottom edge: its lower entries could not be reached without closing it and scrolling.
// This keeps the whole menu inside the window, moved up or left as little as needed.
var MARGIN = 8;

export default function PopupInView(popupMenu) {
  popupMenu._ensureVisible = function (container, position) {
    var box = container.getBoundingClientRect();
    var x = position.x;
    var y = position.y;
    if (x + box.width > window.innerWidth - MARGIN) {
      x = Math.max(MARGIN, window.innerWidth - MARGIN - box.width);
    }
    if (y + box.height > window.innerHeight - MARGIN) {
      y = Math.max(MARGIN, window.innerHeight - MARGIN - box.height);
    }
    return { x: x, y: y };
  };
}

PopupInView.$inject = ["popupMenu"];
