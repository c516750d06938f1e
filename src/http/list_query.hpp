#pragma once

// List queries of the REST API: the query parameters every `GET` on a
// collection accepts (limit, marker, sort_keys, sort_dirs, fields and one
// filter per attribute), read the way Mistral 15 reads them, and the pure
// functions that apply a parsed query to rendered API items. Nothing here does
// I/O; a handler parses once, then calls `matches` for every candidate, sorts,
// pages and trims (see http/listing.hpp). Every function is thread-safe and
// keeps no state.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "result.hpp"

namespace bora::http {

/// How the text of one filter parameter is read. Mistral types each query
/// argument, and the type decides which operators act and how values compare.
enum class FilterKind : uint8_t {
  /// `op:value` (`eq` when no known prefix); compared as SQL text.
  text = 1,
  /// A UUID column: an `op:` prefix is read and then dropped, so every
  /// operator acts as `eq` (Mistral quirk); the value must look like a UUID.
  uuid,
  /// A JSON column: the whole text is JSON (no operator prefix), compared by
  /// JSON equality with the item's JSON-encoded string; `null` sets no filter.
  json,
  /// A list-typed `tags` argument: a comma list, trimmed, lower-cased and
  /// deduplicated; an item passes when its tags hold every listed tag (ASCII
  /// case-insensitive, with SQL LIKE wildcards, as Mistral's query does).
  tag_list,
  /// A text-typed `tags` argument (workflows, workbooks, actions): only `eq`
  /// acts (any other operator sets no filter); the value is split on commas
  /// but not trimmed or lower-cased; matched like `tag_list`.
  tag_text,
  /// A boolean: empty text and false/False/0/no/off are false, any other
  /// text is true.
  boolean,
  /// An integer column: the whole text is a Python int literal; `eq` only.
  integer,
};

/// Where a page starts relative to `marker`.
enum class MarkerRule : uint8_t {
  /// The marker is the id (a UUID) of the last item of the previous page; the
  /// page starts right after it; an unknown id is an error (404).
  after_id = 1,
  /// Actions: the marker is any text naming an item; the page starts at it
  /// (inclusive) and at the first item when no item has that name.
  at_name,
};

/// What one collection accepts. Built once per collection by the handler.
struct ListSpec {
  /// The collection's name: "executions" (used in `next` links).
  std::string collection;
  /// Every attribute of the resource, in API order.
  std::vector<std::string> fields;
  /// Attributes accepted as filters; this is also their order in `next`
  /// links (Mistral's order differs per collection).
  std::vector<std::string> filters;
  /// Attributes whose API value is a JSON-encoded string.
  std::vector<std::string> json_fields;
  /// Other accepted parameters: "include_output", "all_projects", "nulls", ...
  std::vector<std::string> flags;
  /// The sort key when the query gives none.
  std::string default_sort = "created_at";
  /// Filter kinds that differ from the default: a name in `json_fields` is
  /// `json`, `tags` is `tag_text`, anything else is `text`.
  std::map<std::string, FilterKind> kinds;
  /// Stored columns: valid sort keys and `nulls` names. Empty means `fields`.
  std::vector<std::string> columns;
  /// Attributes returned along with an asked field: `fields=input` on
  /// workflows also returns `interface` ({"input", {"interface"}}).
  std::map<std::string, std::vector<std::string>> companions;
  /// Raw filter values applied when the parameter is absent (actions:
  /// {"namespace", ""}); they also appear in `next` links.
  std::map<std::string, std::string> filter_defaults;
  /// The identity attribute: added first to `fields`, the sort tie-breaker.
  std::string key_field = "id";
  MarkerRule marker_rule = MarkerRule::after_id;
};

/// The operator of one filter. `is_null` comes from `nulls=a,b`.
enum class FilterOp : uint8_t { eq, neq, gt, gte, lt, lte, in, nin, has, is_null };

/// One parsed filter. `values` holds one value except for `in`/`nin`, the tag
/// kinds (one per tag) and `is_null` (none). `json` holds the parsed value of
/// a `json` filter; `patterns` the forms prepared once so that matching never
/// re-reads the query: the LIKE patterns of `has` and tag filters, the sorted
/// values of `in`/`nin`.
struct Filter {
  std::string field;
  FilterOp op = FilterOp::eq;
  std::vector<std::string> values;
  FilterKind kind = FilterKind::text;
  boost::json::value json;
  std::vector<std::string> patterns;
};

/// A parsed list query; produced by `parse_list_query`, read-only afterwards.
struct ListQuery {
  std::optional<size_t> limit;
  std::string marker;
  /// Lower-cased; default {default_sort}.
  std::vector<std::string> sort_keys;
  /// Same length as sort_keys (padded with asc).
  std::vector<bool> descending;
  /// Empty = all; else the key field first (unless asked elsewhere), then as asked.
  std::vector<std::string> fields;
  std::vector<Filter> filters;
  /// Raw last values of the accepted flags.
  std::map<std::string, std::string> flags;
  /// The names of `nulls=a,b`.
  std::vector<std::string> nulls;
  /// Attributes `select_fields` keeps: `fields` plus their companions.
  std::vector<std::string> shown;
  std::string key_field = "id";  // copied from the spec
  MarkerRule marker_rule = MarkerRule::after_id;
};

/// Parses query parameters (in request order; repeated keys allowed) of a GET on a collection.
/// A repeated key keeps its last value, except where Mistral then fails to
/// convert a list (limit, marker, uuid, json and integer arguments).
/// Errors: Errc::invalid_argument with Mistral's exact messages (api.md §1.1, §2):
/// `Unknown argument: "foo"`, `Limit must be positive.`, `Invalid input for field/attribute limit.
/// ...`, `Length of sort_keys must be equal or greater than sort_dirs.`, `Unknown sort direction,
/// must be 'desc' or 'asc'.`, `Some fields do not exist  [foo], please choose from [a, b, ...]`,
/// `Sort key supplied is invalid: foo`, `'foo' is not a valid field name.`,
/// `The field 'id' can't hold None value.`.
/// Parameters every list accepts: limit, marker, sort_keys, sort_dirs, fields.
Result<ListQuery> parse_list_query(const std::vector<std::pair<std::string, std::string>>& params,
                                   const ListSpec& spec);

/// True when `item` (an API-form JSON object, JSON-typed fields as strings)
/// passes every filter and nulls rule. As in SQL, a null or absent attribute
/// passes only `is_null`: `neq`, `nin` and the rest reject it.
bool matches(const ListQuery& q, const ListSpec& spec, const boost::json::object& item);

/// Sorts API-form items by the query's keys and directions, then `id` ascending as tie-breaker
/// (SQL-like: null sorts before any value ascending; strings by bytes; numbers numerically).
void sort_items(const ListQuery& q, std::vector<boost::json::object>& items);

/// Returns true when `a` comes strictly before `b` in the query's order (for merging pages).
bool comes_before(const ListQuery& q, const boost::json::object& a, const boost::json::object& b);

/// Cuts a page out of sorted items: starts after the item whose id is q.marker (not found ->
/// Errc::not_found, the caller words the 404), keeps at most q.limit. Sets `full` when the page
/// holds `limit` items. Under MarkerRule::at_name the page starts at the item whose `name` is the
/// marker, or at the first item when there is none.
struct Page {
  std::vector<boost::json::object> items;
  bool full = false;
};
Result<Page> paginate(const ListQuery& q, std::vector<boost::json::object> sorted);

/// Like `paginate`, for a caller that fetched the marker's record itself (it
/// may be filtered out of `sorted`, as Mistral allows): the page starts at the
/// first item that comes after `marker_item` in the query's order.
Page paginate_after(const ListQuery& q, std::vector<boost::json::object> sorted,
                    const boost::json::object& marker_item);

/// Keeps only q.shown (all when empty), in the item's (the resource's) order,
/// as Mistral returns them.
boost::json::object select_fields(const ListQuery& q, const boost::json::object& item);

/// The `next` URL as Mistral builds it (api.md §2): base_url like "http://127.0.0.1:8989".
/// `<base>/v2/<collection>?sort_keys=<keys>,id&sort_dirs=<dirs>,asc&<filters>&limit=<n>&marker=<last_id>[&fields=<f>]`,
/// filters in spec order as `name=op:value`. Unlike Mistral, values that
/// Mistral prints as Python reprs are printed so that the link reads back to
/// the same query (`in:a,b`, JSON text, `nulls=a,b`), and characters that
/// would break a URL are percent-encoded (`:` and `,` are kept).
std::string next_link(const std::string& base_url, const ListSpec& spec, const ListQuery& q,
                      const std::string& last_id);

}  // namespace bora::http
