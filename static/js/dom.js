/* DOM helpers of the pages that build their own elements (lobby display, manager
 * dashboard):
 *   MppDom.$(id)                    the element with that id
 *   MppDom.el(tag, className, text) a new element with its class and text set (text as
 *                                   text, never HTML; null or undefined: none) */
(function (global) {
  "use strict";

  function el(tag, className, text) {
    var node = global.document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  global.MppDom = {
    $: function (id) { return global.document.getElementById(id); },
    el: el
  };
})(window);
