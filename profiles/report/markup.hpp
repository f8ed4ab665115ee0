// HTML/SVG text: escaping and a small element builder, so renderers never concatenate
// unescaped user text (DeSO codes, names from the register, config titles) into markup.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace omrade::profiles {

// Escapes & < > " ' for text and attribute values.
std::string escape_html(std::string_view text);

using Attributes = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// Appends markup to a string. Text and attribute values are escaped; raw() is for markup the
// caller built with this class.
class Markup {
public:
    Markup& open(std::string_view tag, Attributes attrs = {});
    Markup& close(std::string_view tag);
    // <tag attrs>text</tag>
    Markup& element(std::string_view tag, std::string_view text, Attributes attrs = {});
    // <tag attrs/> (SVG)
    Markup& empty(std::string_view tag, Attributes attrs = {});
    Markup& text(std::string_view text);
    Markup& raw(std::string_view markup);
    const std::string& str() const { return m_out; }
    std::string take() { return std::move(m_out); }

private:
    void attributes(Attributes attrs);
    std::string m_out;
};

}  // namespace omrade::profiles
