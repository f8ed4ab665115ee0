// The county follow-up out/uppfoljning/uppfoljning.html (printable A4, offline, Swedish): per
// vårdcentral indicator a funnel plot (SVG) with the average, the 95 and 99.8 % limits, the
// target and the outliers named, the count per level and a table of every vårdcentral; and the
// parts of it that profil.html ("Inom vårdcentralen") and index.html show.
#pragma once

#include "profiles/followup/followup.hpp"
#include "profiles/report/model.hpp"

#include <map>
#include <optional>
#include <string>

namespace omrade::profiles::report {

struct FollowupPage {
    std::string title;   // config title
    std::string region;
    std::string built;   // ISO date
    std::string source_sha256;
    double min_numerator = 5, min_denominator = 50;
};

std::string render_followup_html(const Followup& f, const FollowupPage& page);

// The funnel plot of one indicator's latest period; `highlight` marks one vårdcentral (the
// pilot) with its name. Suppressed and missing units are not drawn.
std::string svg_funnel(const FollowupIndicator& fi, std::optional<std::size_t> highlight = std::nullopt);

// The section "Inom vårdcentralen" of one pilot: `residents` maps an area indicator id to the
// pilot area's formatted value (for indicators with `motsvarar`).
InsideSection inside_section(const Followup& f, std::size_t centre,
                             const std::map<std::string, std::string>& residents, const std::string& residents_label);

// index.html: the link, the per-level summaries and every vårdcentral's level per indicator.
void add_followup_to_index(IndexInput& index, const Followup& f);

// Colour and word of a funnel significance for an indicator's polarity (Fingertips colours).
Rating funnel_rating(FunnelSignificance s, Polarity p);

}  // namespace omrade::profiles::report
