#ifndef FORMPIPE_CXLSXWRITER_SHIM_H
#define FORMPIPE_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
