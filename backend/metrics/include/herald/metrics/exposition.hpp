// The pieces of the text exposition format, shared by Registry::render()
// and its tests.
#pragma once

#include <string>
#include <string_view>

namespace herald::metrics {

/// True for [a-zA-Z_:][a-zA-Z0-9_:]* (metric names; label names are the
/// same without ':', checked by valid_label_name).
bool valid_metric_name(std::string_view name);
bool valid_label_name(std::string_view name);

/// A sample value: the shortest text that reads back as the same double;
/// "+Inf", "-Inf" and "NaN" as the format spells them.
std::string format_value(double value);

/// Escapes a label value: backslash, double quote and newline.
std::string escape_label_value(std::string_view value);
/// Escapes HELP text: backslash and newline.
std::string escape_help(std::string_view help);

}  // namespace herald::metrics
