// The declaration machinery: a Field<T> says everything about one key of object type T (name, type,
// default, allowed values, description, how to read it), and ReadObject validates from that alone.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/config/json_read.hpp"

namespace vigil::config::detail {

template <typename T>
struct Field {
  std::string_view name;  // the JSON key
  std::string type;       // docs: "integer", "string or null", ...
  std::string allowed;    // docs: "1..65535", "non-empty", ...
  std::string_view description;
  bool required = false;
  std::string default_text;  // docs; when empty the default is shown from T{} by `show`
  // Reads the key's value into the struct; the only way values get in.
  std::function<Status(T& out, Json value, const std::string& path)> set;
  // The field's value as JSON text, for the Default column; unset for nested objects.
  std::function<std::string(const T&)> show;
  // The field as a number, for AtLeast.
  std::function<double(const T&)> number;
  // A check against sibling fields, run after the whole object is read.
  std::function<Status(const T&, const std::string& object_path)> relate;

  Field Required() && {
    required = true;
    return std::move(*this);
  }
  // A default that is computed rather than a constant (shown as given, in the docs).
  Field Default(std::string text) && {
    default_text = std::move(text);
    return std::move(*this);
  }
  // This numeric field must be >= the sibling `other_key` (read from `other`).
  template <typename M>
  Field AtLeast(std::string_view other_key, M T::*other) && {
    allowed += fmt::format(", >= {}", other_key);
    relate = [key = name, other_key, other, num = number](const T& t, const std::string& path) {
      if (num(t) < static_cast<double>(t.*other))
        return Fail(JoinKey(path, key), fmt::format("must be >= {} ({})", other_key,
                                                    FormatNumber(static_cast<double>(t.*other))));
      return Status::Ok();
    };
    return std::move(*this);
  }
};

template <typename T>
struct ObjectDecl {
  std::string_view title;    // docs heading: "Top level", "resp", "webhooks[]", ...
  std::string_view summary;  // docs: one paragraph under the heading
  std::vector<Field<T>> fields;
};

// Finds the field declared for `key`, or nullptr.
template <typename T>
const Field<T>* FindField(const ObjectDecl<T>& decl, std::string_view key) {
  for (const auto& f : decl.fields)
    if (f.name == key) return &f;
  return nullptr;
}

std::string UnknownKeyMessage(std::string_view key, const std::vector<std::string_view>& known);

// Validates a JSON object against decl and writes it into out, which holds the defaults already.
template <typename T>
Status ReadObject(const ObjectDecl<T>& decl, Json j, const std::string& path, T& out) {
  simdjson::dom::object obj;
  if (j.get(obj) != simdjson::SUCCESS) return Fail(path, "expected an object");
  std::vector<std::string_view> seen;
  for (auto kv : obj) {
    std::string key_path = JoinKey(path, kv.key);
    for (auto s : seen)
      if (s == kv.key) return Fail(key_path, "duplicate key");
    seen.push_back(kv.key);
    const Field<T>* f = FindField(decl, kv.key);
    if (f == nullptr) {
      std::vector<std::string_view> known;
      for (const auto& k : decl.fields) known.push_back(k.name);
      return Fail(key_path, UnknownKeyMessage(kv.key, known));
    }
    if (Status s = f->set(out, kv.value, key_path); !s.ok()) return s;
  }
  for (const auto& f : decl.fields) {
    if (!f.required) continue;
    bool present = false;
    for (auto s : seen) present = present || s == f.name;
    if (!present) return Fail(JoinKey(path, f.name), "required");
  }
  for (const auto& f : decl.fields)
    if (f.relate)
      if (Status s = f.relate(out, path); !s.ok()) return s;
  return Status::Ok();
}

// ---- Field factories: one per kind of value. `m` is the struct member the key fills. ----

// Returns nullptr when the string is acceptable, else what is wrong with it.
using StringCheck = const char* (*)(std::string_view);

template <typename T>
Field<T> Str(std::string_view name, std::string T::*m, std::string allowed, StringCheck check,
             std::string_view desc) {
  Field<T> f{.name = name, .type = "string", .allowed = std::move(allowed), .description = desc};
  f.set = [m, check](T& t, Json j, const std::string& path) {
    std::string v;
    if (Status s = ReadString(j, path, v); !s.ok()) return s;
    if (check != nullptr)
      if (const char* why = check(v)) return Fail(path, why);
    t.*m = std::move(v);
    return Status::Ok();
  };
  f.show = [m](const T& t) { return Quote(t.*m); };
  return f;
}

template <typename T>
Field<T> OptStr(std::string_view name, std::optional<std::string> T::*m, std::string_view desc) {
  Field<T> f{.name = name, .type = "string or null", .allowed = "any", .description = desc};
  f.set = [m](T& t, Json j, const std::string& path) {
    if (j.is_null()) {
      (t.*m).reset();
      return Status::Ok();
    }
    std::string v;
    if (!ReadString(j, path, v).ok()) return Fail(path, "expected a string or null");
    t.*m = std::move(v);
    return Status::Ok();
  };
  f.show = [m](const T& t) { return (t.*m) ? Quote(*(t.*m)) : std::string("null"); };
  return f;
}

template <typename T, typename I>
Field<T> Int(std::string_view name, I T::*m, std::int64_t min, std::int64_t max,
             std::string_view desc) {
  Field<T> f{.name = name,
             .type = "integer",
             .allowed = fmt::format("{}..{}", min, max),
             .description = desc};
  f.set = [m, min, max](T& t, Json j, const std::string& path) {
    std::int64_t v = 0;
    if (Status s = ReadInt(j, path, min, max, v); !s.ok()) return s;
    t.*m = static_cast<I>(v);
    return Status::Ok();
  };
  f.show = [m](const T& t) { return fmt::format("{}", t.*m); };
  f.number = [m](const T& t) { return static_cast<double>(t.*m); };
  return f;
}

template <typename T>
Field<T> OptInt(std::string_view name, std::optional<std::int64_t> T::*m, std::int64_t min,
                std::int64_t max, std::string_view desc) {
  Field<T> f{.name = name,
             .type = "integer or null",
             .allowed = fmt::format("{}..{}", min, max),
             .description = desc};
  f.set = [m, min, max](T& t, Json j, const std::string& path) {
    if (j.is_null()) {
      (t.*m).reset();
      return Status::Ok();
    }
    if (!j.is_int64()) return Fail(path, "expected an integer or null");
    std::int64_t v = 0;
    if (Status s = ReadInt(j, path, min, max, v); !s.ok()) return s;
    t.*m = v;
    return Status::Ok();
  };
  f.show = [m](const T& t) { return (t.*m) ? fmt::format("{}", *(t.*m)) : std::string("null"); };
  return f;
}

template <typename T>
Field<T> Num(std::string_view name, double T::*m, double min, double max, std::string_view desc) {
  Field<T> f{.name = name,
             .type = "number",
             .allowed = FormatNumber(min) + ".." + FormatNumber(max),
             .description = desc};
  f.set = [m, min, max](T& t, Json j, const std::string& path) {
    return ReadNumber(j, path, min, max, t.*m);
  };
  f.show = [m](const T& t) { return FormatNumber(t.*m); };
  f.number = [m](const T& t) { return t.*m; };
  return f;
}

template <typename T>
Field<T> Bool(std::string_view name, bool T::*m, std::string_view desc) {
  Field<T> f{.name = name, .type = "boolean", .allowed = "true, false", .description = desc};
  f.set = [m](T& t, Json j, const std::string& path) { return ReadBool(j, path, t.*m); };
  f.show = [m](const T& t) { return std::string(t.*m ? "true" : "false"); };
  return f;
}

// A string key whose value is one of a fixed set, stored as the enum E.
template <typename T, typename E>
Field<T> Enum(std::string_view name, E T::*m, std::vector<std::pair<std::string_view, E>> values,
              std::string_view desc) {
  std::string list;
  for (const auto& [text, _] : values) list += (list.empty() ? "" : ", ") + Quote(text);
  Field<T> f{.name = name, .type = "string", .allowed = list, .description = desc};
  f.set = [m, values](T& t, Json j, const std::string& path) {
    std::string v;
    if (Status s = ReadString(j, path, v); !s.ok()) return s;
    std::string names;
    for (const auto& [text, e] : values) {
      if (text == v) {
        t.*m = e;
        return Status::Ok();
      }
      names += (names.empty() ? "" : ", ") + std::string(text);
    }
    return Fail(path, "must be one of: " + names);
  };
  f.show = [m, values](const T& t) {
    for (const auto& [text, e] : values)
      if (e == t.*m) return Quote(text);
    return std::string("?");
  };
  return f;
}

// A nested object, declared by its own table.
template <typename T, typename C>
Field<T> Obj(std::string_view name, C T::*m, const ObjectDecl<C>& (*decl)(),
             std::string_view desc) {
  Field<T> f{.name = name,
             .type = "object",
             .allowed = fmt::format("see `{}`", decl().title),
             .description = desc};
  f.set = [m, decl](T& t, Json j, const std::string& path) {
    return ReadObject(decl(), j, path, t.*m);
  };
  f.default_text = "see below";
  return f;
}

// An array of objects; a present key replaces the default list entirely.
template <typename T, typename C>
Field<T> ObjList(std::string_view name, std::vector<C> T::*m, const ObjectDecl<C>& (*decl)(),
                 std::string_view desc) {
  Field<T> f{.name = name,
             .type = "array of objects",
             .allowed = fmt::format("see `{}`", decl().title),
             .description = desc};
  f.set = [m, decl](T& t, Json j, const std::string& path) {
    simdjson::dom::array arr;
    if (j.get(arr) != simdjson::SUCCESS) return Fail(path, "expected an array");
    std::vector<C> items;
    for (Json item : arr) {
      C c{};
      if (Status s = ReadObject(decl(), item, JoinIndex(path, items.size()), c); !s.ok()) return s;
      items.push_back(std::move(c));
    }
    t.*m = std::move(items);
    return Status::Ok();
  };
  return f;
}

// Calls each(path_of_item, value) for every item of a JSON array.
template <typename Fn>
Status ForEachItem(Json j, const std::string& path, Fn&& each) {
  simdjson::dom::array arr;
  if (j.get(arr) != simdjson::SUCCESS) return Fail(path, "expected an array");
  std::size_t i = 0;
  for (Json item : arr)
    if (Status s = each(JoinIndex(path, i++), item); !s.ok()) return s;
  return Status::Ok();
}

// A JSON object kept as its minified text, for a plugin to validate (sinkOptions, options).
template <typename T>
Field<T> RawObject(std::string_view name, std::string T::*m, std::string_view desc) {
  Field<T> f{.name = name, .type = "object", .allowed = "any JSON object", .description = desc};
  f.set = [m](T& t, Json j, const std::string& path) {
    if (!j.is_object()) return Fail(path, "expected an object");
    t.*m = simdjson::minify(j);
    return Status::Ok();
  };
  f.show = [m](const T& t) { return t.*m; };
  return f;
}

// true, false or null.
template <typename T>
Field<T> OptBool(std::string_view name, std::optional<bool> T::*m, std::string_view desc) {
  Field<T> f{.name = name, .type = "boolean or null", .allowed = "any", .description = desc};
  f.set = [m](T& t, Json j, const std::string& path) {
    if (j.is_null()) {
      (t.*m).reset();
      return Status::Ok();
    }
    bool v = false;
    if (Status s = ReadBool(j, path, v); !s.ok()) return s;
    t.*m = v;
    return Status::Ok();
  };
  f.show = [m](const T& t) { return std::string(!(t.*m) ? "null" : *(t.*m) ? "true" : "false"); };
  return f;
}

// An array of non-empty strings.
template <typename T>
Field<T> StrList(std::string_view name, std::vector<std::string> T::*m, std::string_view desc) {
  Field<T> f{.name = name,
             .type = "array of strings",
             .allowed = "non-empty strings",
             .description = desc};
  f.set = [m](T& t, Json j, const std::string& path) {
    std::vector<std::string> items;
    Status s = ForEachItem(j, path, [&](const std::string& item_path, Json item) {
      std::string v;
      if (Status r = ReadString(item, item_path, v); !r.ok()) return r;
      if (v.empty()) return Fail(item_path, "must not be empty");
      items.push_back(std::move(v));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    t.*m = std::move(items);
    return Status::Ok();
  };
  f.show = [m](const T& t) { return std::string((t.*m).empty() ? "[]" : "[...]"); };
  return f;
}

}  // namespace vigil::config::detail
