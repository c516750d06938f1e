#include "http/listing.hpp"

#include <boost/json.hpp>

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

}  // namespace bora::http
