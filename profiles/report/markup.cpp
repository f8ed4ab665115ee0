#include "profiles/report/markup.hpp"

namespace omrade::profiles {

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

void Markup::attributes(Attributes attrs) {
    for (const auto& [name, value] : attrs) {
        m_out += ' ';
        m_out += name;
        m_out += "=\"";
        m_out += escape_html(value);
        m_out += '"';
    }
}

Markup& Markup::open(std::string_view tag, Attributes attrs) {
    m_out += '<';
    m_out += tag;
    attributes(attrs);
    m_out += '>';
    return *this;
}

Markup& Markup::close(std::string_view tag) {
    m_out += "</";
    m_out += tag;
    m_out += '>';
    return *this;
}

Markup& Markup::element(std::string_view tag, std::string_view content, Attributes attrs) {
    open(tag, attrs);
    m_out += escape_html(content);
    return close(tag);
}

Markup& Markup::empty(std::string_view tag, Attributes attrs) {
    m_out += '<';
    m_out += tag;
    attributes(attrs);
    m_out += "/>";
    return *this;
}

Markup& Markup::text(std::string_view content) {
    m_out += escape_html(content);
    return *this;
}

Markup& Markup::raw(std::string_view markup) {
    m_out += markup;
    return *this;
}

}  // namespace omrade::profiles
