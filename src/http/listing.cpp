#include "http/listing.hpp"

#include <algorithm>
#include <limits>

#include <boost/json.hpp>

#include "storage/time_format.hpp"

namespace bora::http {

namespace json = boost::json;

Result<ListQuery> parse_query(const Request& req, const ListSpec& spec) {
  return parse_list_query(req.query, spec);
}

const std::string* eq_filter(const ListQuery& q, const std::string& field) {
  for (const auto& f : q.filters) {
    if (f.field == field && f.op == FilterOp::eq && f.values.size() == 1) {
      return &f.values[0];
    }
  }
  return nullptr;
}

Reply list_reply(Api& api, const ListSpec& spec, const ListQuery& q,
                 std::vector<json::object> items, const std::string& what) {
  std::vector<json::object> kept;
  kept.reserve(items.size());
  for (auto& item : items) {
    if (matches(q, spec, item)) {
      kept.push_back(std::move(item));
    }
  }
  sort_items(q, kept);
  auto page = paginate(q, std::move(kept));
  if (!page.ok()) {
    if (page.error().code == Errc::not_found) {
      return fault(Error(Errc::not_found, what + " not found [id=" + q.marker + "]"));
    }
    return fault(page.error());
  }
  json::array out;
  out.reserve(page->items.size());
  std::string last_id;
  for (const auto& item : page->items) {
    if (const auto* id = item.if_contains("id"); id != nullptr && id->is_string()) {
      last_id = std::string(id->as_string());
    }
    out.push_back(select_fields(q, item));
  }
  json::object body;
  body[spec.collection] = std::move(out);
  if (page->full) {
    body["next"] = next_link(api.base_url, spec, q, last_id);
  }
  Reply r;
  r.body = std::move(body);
  return r;
}



bool streams_by_creation(const ListQuery& q) {
  if (!q.limit || q.sort_keys.empty() || q.sort_keys[0] != "created_at") {
    return false;
  }
  return q.sort_keys.size() == 1 ||
         (q.sort_keys.size() == 2 && q.sort_keys[1] == "id" && !q.descending[1]);
}

Reply stream_list(Api& api, const ListSpec& spec, const ListQuery& q, CreatedSource& source,
                  std::optional<int64_t> marker_ms, const std::string& what) {
  bool desc = q.descending[0];
  int64_t start = desc ? std::numeric_limits<int64_t>::max() : 0;
  std::string marker_text;
  if (marker_ms) {
    int64_t second = *marker_ms - (*marker_ms % 1000);
    start = desc ? second + 999 : second;
    marker_text = storage::format_timestamp(*marker_ms);
  }
  source.open(start, desc);
  std::vector<json::object> kept;
  size_t beyond = 0;
  std::string last_text;
  bool stop = false;
  while (!stop) {
    auto batch = source.next(256);
    if (batch.empty()) {
      break;
    }
    for (auto& item : batch) {
      const auto* c = item.if_contains("created_at");
      std::string text = c != nullptr && c->is_string() ? std::string(c->as_string()) : "";
      if (beyond >= *q.limit && text != last_text) {
        stop = true;
        break;
      }
      if (!matches(q, spec, item)) {
        continue;
      }
      if (!marker_ms || text != marker_text) {
        ++beyond;
      }
      last_text = text;
      kept.push_back(std::move(item));
    }
  }
  return list_reply(api, spec, q, std::move(kept), what);
}

std::string uuid7_bound(int64_t ms) {
  static const char* hex = "0123456789abcdef";
  auto v = static_cast<uint64_t>(std::max<int64_t>(ms, 0)) & 0xffffffffffffULL;
  std::string out(13, '0');
  for (int i = 11, pos = 12; i >= 0; --i, --pos) {
    if (pos == 8) {
      out[8] = '-';
      --pos;
    }
    out[static_cast<size_t>(pos)] = hex[v & 0xf];
    v >>= 4;
  }
  return out;
}

}  // namespace bora::http
