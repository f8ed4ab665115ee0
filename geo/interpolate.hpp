// Areal interpolation: moving attribute values from one set of polygons (sources) onto another
// (targets) that does not nest in it, e.g. DeSO 2018 statistics onto DeSO 2025 polygons.
//
// Every source s is shared among the targets t it meets with a share w(s,t):
//   by area:          w(s,t) = |s ∩ t| / |s|       (renormalize: / Σ_t |s ∩ t|, the covered part)
//   by weight points: w(s,t) = W(s ∩ t) / W(s)     (renormalize: / Σ_t W(s ∩ t))
// where W(x) is the sum of the weight field over the points lying in x (each point belongs to one
// source and at most one target, by the rule of assign_points). A source whose denominator is 0
// (no weight points, or all of zero weight) falls back to area and is reported.
//
// Extensive values (counts, sums) become Σ_s w(s,t)·v(s). Intensive values (rates, shares, means)
// become the mean of v(s) weighted by the measure m(s,t) = |s ∩ t| (weight points: W(s ∩ t),
// area when the target holds no weight of a source with a value), i.e. over the covered part of t.
// NULL (or non-numeric) source values are skipped; a target gets NULL when none of the sources
// that meet it has a value for the field (missing stays missing, never 0).
#pragma once

#include "geo/layer.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace omrade::geo {

struct InterpolateOptions {
    std::vector<std::string> extensive;
    std::vector<std::string> intensive;
    bool renormalize = false;
    // Weight points (nullptr = by area) and their numeric weight field.
    const Layer* weight_points = nullptr;
    std::string weight_field;
};

struct InterpolateFieldReport {
    std::string field;
    bool extensive = true;
    double sum_in = 0;         // extensive: Σ over sources with a value
    double sum_out = 0;        // extensive: Σ over targets
    double sum_uncovered = 0;  // extensive: Σ v(s)·(1 - Σ_t w(s,t)), the part landing on no target
    std::size_t null_sources = 0;       // sources with NULL
    std::size_t non_numeric_sources = 0;  // sources with a value that is not a number
    std::size_t null_targets = 0;       // targets given NULL
};

struct InterpolateReport {
    std::size_t sources = 0, targets = 0;
    std::size_t sources_without_geometry = 0;
    std::size_t sources_without_target = 0;  // sources meeting no target at all
    std::size_t targets_without_source = 0;  // targets meeting no source at all
    double source_area = 0;            // Σ |s|, CRS units² (m² in EPSG:3006)
    double uncovered_source_area = 0;  // Σ_s max(0, |s| - Σ_t |s ∩ t|)
    double multiply_covered_area = 0;  // Σ_s max(0, Σ_t |s ∩ t| - |s|): targets overlapping
    std::vector<InterpolateFieldReport> fields;  // extensive first, then intensive, as given
    // Weight points only.
    std::size_t weight_points = 0;
    std::size_t weight_points_outside_sources = 0;  // or without a position
    std::size_t weight_points_without_weight = 0;  // NULL, not a number, or negative: ignored
    std::vector<std::int64_t> area_fallback_sources;      // fids of sources that fell back to area
    std::vector<std::int64_t> intensive_fallback_targets;  // fids of targets averaged by area
};

struct InterpolateResult {
    Layer layer;  // the target layer with the interpolated fields (Real) appended
    InterpolateReport report;
};

// Throws DataError when a field is missing from the source, a field name is already taken in the
// target, a field is named twice, a layer holds points instead of polygons, the layers' CRSs
// differ, or the weight field is missing.
InterpolateResult interpolate(const Layer& source, const Layer& target, const InterpolateOptions& options);

}  // namespace omrade::geo
