#pragma once
// Text that is shown, written into CSV cells or passed to another program (gnuplot) must be
// plain: no control characters. A line break in a scenario's name would end a gnuplot command
// and start another; a NUL or escape sequence would reach a terminal or a spreadsheet.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace incomesim {

struct ControlCharacter {
  std::size_t offset;   // byte offset in the text
  char32_t code_point;  // U+0000-U+001F, U+007F, U+0080-U+009F, U+2028 or U+2029
};

// The first control character of UTF-8 text (C0 and C1 controls, DEL, and the Unicode line and
// paragraph separators), or nothing. Bytes that are not valid UTF-8 are not decoded here.
std::optional<ControlCharacter> first_control_character(std::string_view text);

// The text with every ASCII control character (U+0000-U+001F, U+007F) as '?': for text that must
// stay on one line (a message, a comment, a gnuplot command) whatever it holds.
std::string one_line(std::string_view text);

// "U+000A (a line break)": the character as a message names it.
std::string describe_control_character(char32_t code_point);

// A sentence for InputError: "holds U+000A (a line break) at character 5; allowed: printable
// characters only (names and labels reach CSV files, charts and other programs)", or empty when
// the text is plain.
std::string control_character_problem(std::string_view text);

}  // namespace incomesim
