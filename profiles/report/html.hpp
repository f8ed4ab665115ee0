// The printable report profil.html of one pilot and the overview index.html: self-contained
// HTML (inline CSS and SVG, no scripts, no fonts, no external references), Swedish, A4.
#pragma once

#include "profiles/report/markup.hpp"
#include "profiles/report/model.hpp"

#include <string>

namespace omrade::profiles::report {

std::string render_report_html(const ReportInput& in);

std::string render_index_html(const IndexInput& in);

// The footnote text of suppressed values, e.g. "undertryckt (färre än 5 händelser eller
// nämnare under 50) för att skydda enskilda personer".
std::string suppression_footnote(double min_numerator, double min_denominator);

// Shared with the follow-up page (followup_html.cpp): the document head with the report's
// stylesheet, and a word on its rating colour.
void html_head(Markup& m, const std::string& title);
void html_word_box(Markup& m, const std::string& word, const std::string& colour);

}  // namespace omrade::profiles::report
