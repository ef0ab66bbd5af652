#ifndef FORMPIPE_CZIP_SHIM_H
#define FORMPIPE_CZIP_SHIM_H
#include <zip.h>
#endif
