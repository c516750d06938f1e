#pragma once

// Internal to the HTTP layer: the common end of every list endpoint. The
// handler parses the query (list_query.hpp), gathers candidate records (from
// an index when a filter allows it), renders them, and hands them here to be
// filtered, sorted, paged and trimmed to the asked fields.

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "http/api.hpp"
#include "http/list_query.hpp"

namespace bora::http {

/// Parses the list query of `req` against `spec`.
Result<ListQuery> parse_query(const Request& req, const ListSpec& spec);

/// Returns `{"<collection>": [...], "next": ...}` for rendered `items`
/// (full API form): keeps those matching `q`, sorts them, cuts the page
/// after `q.marker` (404 `<what> not found [id=marker]` when the marker is
/// unknown), trims each to `q.fields`, and adds `next` when the page is full.
Reply list_reply(Api& api, const ListSpec& spec, const ListQuery& q,
                 std::vector<boost::json::object> items, const std::string& what);

/// Returns the value of an `eq` filter on `field` in `q`, if there is one.
const std::string* eq_filter(const ListQuery& q, const std::string& field);

}  // namespace bora::http
