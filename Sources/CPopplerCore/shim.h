#ifndef FORMPIPE_CPOPPLERCORE_SHIM_H
#define FORMPIPE_CPOPPLERCORE_SHIM_H
// poppler's own (C++) API, for CPopplerPages only: this module brings its include path and library.
// Nothing here is imported into Swift.
#endif
