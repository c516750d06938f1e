#pragma once

// Internal to the HTTP layer: the common end of every list endpoint. The
// handler parses the query (list_query.hpp), gathers candidate records (from
// an index when a filter allows it), renders them, and hands them here to be
// filtered, sorted, paged and trimmed to the asked fields.

#include <cstdint>
#include <optional>
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



/// A source of rendered items in creation order, from a given time on.
class CreatedSource {
public:
  virtual ~CreatedSource() = default;
  /// Positions the source: ascending from the first item created at or
  /// after `start_ms`, or descending from the last one created at or before.
  virtual void open(int64_t start_ms, bool descending) = 0;
  /// Returns up to `n` more items (full API form); empty when exhausted.
  virtual std::vector<boost::json::object> next(size_t n) = 0;
};

/// Returns true when `q` can be served by streaming in creation order: it
/// has a limit and sorts by created_at alone (id as the tie-breaker).
bool streams_by_creation(const ListQuery& q);

/// Serves `q` (streams_by_creation holds) from `source` without reading
/// more than the page needs: it reads in creation order from the marker's
/// second (`marker_ms`, the marker's creation time) until it holds `limit`
/// matching items beyond that second and the whole second of the last one
/// (so ties sort as a full read would), then pages as list_reply does.
Reply stream_list(Api& api, const ListSpec& spec, const ListQuery& q, CreatedSource& source,
                  std::optional<int64_t> marker_ms, const std::string& what);

/// Returns the smallest text key an id of UUIDv7 made at `ms` can have (the
/// time-ordered ids Bora makes: key order is creation order).
std::string uuid7_bound(int64_t ms);

}  // namespace bora::http
