#ifndef PARTNER_RULES_CYAML_SHIM_H
#define PARTNER_RULES_CYAML_SHIM_H
#include <yaml.h>
#endif
