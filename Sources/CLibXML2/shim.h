#ifndef FORMPIPE_CLIBXML2_SHIM_H
#define FORMPIPE_CLIBXML2_SHIM_H
// xmlversion.h first, then drop ICU: with it, libxml2 and Foundation disagree on 'UErrorCode' in one module.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

// Swift 6 rejects the global function pointer xmlFree as not concurrency-safe.
static inline void formpipe_xmlFree(void *pointer) { xmlFree(pointer); }

// Refuses every external entity and DTD: a form never needs one, and XXE needs one.
static inline xmlParserInputPtr formpipe_refuse_external_entity(const char *url, const char *id, xmlParserCtxtPtr context) {
    (void)url; (void)id; (void)context;
    return NULL;
}
static inline void formpipe_install_safe_entity_loader(void) {
    xmlSetExternalEntityLoader(formpipe_refuse_external_entity);
}
// Silences libxml2's default printing of parse errors to stderr; errors are read back from the reader.
static inline void formpipe_silent_error(void *context, const char *message, ...) { (void)context; (void)message; }
static inline void formpipe_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, formpipe_silent_error);
}
#endif
