"""Drawing charts: the PNG of an answer's ChartSpec (`draw`), the worker processes that
draw them off the event loop (`workers`), the charts kept on disk (`store`), and the
pass that draws likely charts before anyone asks (`ahead`).

The answers package says what a chart shows (`bot.answers.model.ChartSpec`); this
package only turns that into pixels and keeps them.
"""
