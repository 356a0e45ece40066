// /instances routes: list and read with live state, create, partial update (the name is the key
// and cannot change), delete. Passwords are never shown.
#include "core/api/handlers.hpp"
#include "core/api/resource_json.hpp"
#include "core/config/api_parse.hpp"

namespace vigil::api {

void ListInstances(Call& c) {
  std::string out = "[";
  bool first = true;
  for (const auto& e : c.control.ListInstances()) {
    if (!first) out += ',';
    first = false;
    out += InstanceToJson(e);
  }
  c.Json(200, out + "]");
}

void CreateInstance(Call& c) {
  auto in = config::ParseInstanceJson(c.req.body, config::Instance{}, c.control.config());
  if (!in.ok()) return c.Fail(in.status());
  auto e = c.control.CreateInstance(std::move(in).value());
  if (!e.ok()) return c.Fail(e.status());
  c.Json(201, InstanceToJson(*e));
}

void GetInstance(Call& c) {
  auto e = c.control.GetInstance(c.param(0));
  if (!e) return c.Error(404, "instance not found: " + c.param(0));
  c.Json(200, InstanceToJson(*e));
}

void UpdateInstance(Call& c) {
  auto cur = c.control.GetInstance(c.param(0));
  if (!cur) return c.Error(404, "instance not found: " + c.param(0));
  auto in = config::ParseInstanceJson(c.req.body, cur->spec, c.control.config());
  if (!in.ok()) return c.Fail(in.status());
  if (in->name != cur->spec.name) return c.Error(400, "name: cannot be changed", "name");
  // A read-modify-write sends "***" back: keep the real password.
  if (in->password && *in->password == "***") in->password = cur->spec.password;
  auto e = c.control.UpdateInstance(c.param(0), std::move(in).value());
  if (!e.ok()) return c.Fail(e.status());
  c.Json(200, InstanceToJson(*e));
}

void DeleteInstance(Call& c) {
  if (Status s = c.control.DeleteInstance(c.param(0)); !s.ok()) return c.Fail(s);
  c.out->Send(204, {}, "", "");
}

}  // namespace vigil::api
