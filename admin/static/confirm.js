// Forms that delete or retire something ask first: <form data-confirm="question">. (No inline handlers: CSP.)
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
}, true);
