#include "core/plain_text.hpp"

#include <fmt/format.h>

namespace incomesim {

std::optional<ControlCharacter> first_control_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7F) return ControlCharacter{i, byte};
    // C1 controls are U+0080-U+009F: 0xC2 0x80-0x9F in UTF-8.
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return ControlCharacter{i, next};
    }
    // U+2028 and U+2029 (E2 80 A8 / A9) end a line in some editors and script languages.
    if (byte == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const auto last = static_cast<unsigned char>(text[i + 2]);
      if (last == 0xA8 || last == 0xA9) return ControlCharacter{i, 0x2000u + last};
    }
  }
  return std::nullopt;
}

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  return out;
}

std::string describe_control_character(char32_t code_point) {
  const char* name = "";
  switch (code_point) {
    case 0x00:
      name = " (NUL)";
      break;
    case 0x09:
      name = " (a tab)";
      break;
    case 0x0A:
    case 0x0D:
    case 0x2028:
    case 0x2029:
      name = " (a line break)";
      break;
    case 0x1B:
      name = " (escape)";
      break;
    default:
      break;
  }
  return fmt::format("U+{:04X}{}", static_cast<std::uint32_t>(code_point), name);
}

std::string control_character_problem(std::string_view text) {
  const auto found = first_control_character(text);
  if (!found) return "";
  return fmt::format(
      "holds {} at byte {}; allowed: printable characters only (names and labels reach CSV "
      "files, charts and other programs)",
      describe_control_character(found->code_point), found->offset + 1);
}

}  // namespace incomesim
