#ifndef FORMPIPE_CPOPPLER_SHIM_H
#define FORMPIPE_CPOPPLER_SHIM_H
#include <glib.h>
#include <glib-object.h>
#include <cairo.h>
#include <poppler.h>
#endif
