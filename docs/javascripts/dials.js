// The dials-and-landscape widget of chapters 6 and 7: it looks for .nnbook-dials panels and does nothing on pages without one.
