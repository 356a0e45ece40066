// The OpenAPI document matches the server: the same method + path pairs as the route table,
// valid JSON with the 3.0 essentials, and docs/api.md shows every path.
#include "core/api/openapi.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/api/api.hpp"

namespace vigil::api {
namespace {

// "/webhooks/:id/test" -> "/webhooks/{id}/test"
std::string OpenApiPath(std::string_view pattern) {
  std::string out;
  bool param = false;
  for (char c : pattern) {
    if (c == ':') {
      out += '{';
      param = true;
    } else if (c == '/' && param) {
      out += "}/";
      param = false;
    } else {
      out += c;
    }
  }
  if (param) out += '}';
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApi, PathsAreExactlyTheRouteTable) {
  std::set<std::string> routes;
  for (const auto& r : Routes()) routes.insert(Lower(r.method) + " " + OpenApiPath(r.pattern));
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(std::string(OpenApiDocument())).get(doc), simdjson::SUCCESS);
  std::set<std::string> documented;
  simdjson::dom::object paths;
  ASSERT_EQ(doc["paths"].get(paths), simdjson::SUCCESS);
  for (auto path : paths) {
    simdjson::dom::object ops;
    ASSERT_EQ(path.value.get(ops), simdjson::SUCCESS);
    for (auto op : ops) documented.insert(std::string(op.key) + " " + std::string(path.key));
  }
  EXPECT_EQ(routes, documented);
}

TEST(OpenApi, DocumentHasTheEssentials) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(std::string(OpenApiDocument())).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(doc["openapi"]), "3.0.3");
  EXPECT_EQ(std::string_view(doc["info"]["version"]), VIGIL_VERSION);
  EXPECT_EQ(std::string_view(doc["components"]["securitySchemes"]["bearer"]["scheme"]), "bearer");
  // Every $ref points at a schema that exists.
  std::string text(OpenApiDocument());
  simdjson::dom::object schemas = doc["components"]["schemas"];
  for (std::size_t at = text.find("#/components/schemas/"); at != std::string::npos;
       at = text.find("#/components/schemas/", at + 1)) {
    std::size_t start = at + 21, end = text.find('"', start);
    std::string name = text.substr(start, end - start);
    EXPECT_EQ(schemas[name].error(), simdjson::SUCCESS) << name;
  }
  // /health is the one operation without security.
  EXPECT_NE(doc["paths"]["/health"]["get"]["security"].error(), simdjson::SUCCESS);
  EXPECT_EQ(doc["paths"]["/webhooks"]["get"]["security"].error(), simdjson::SUCCESS);
}

TEST(OpenApi, DocsApiMdShowsEveryPathAndMethod) {
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/docs/api.md");
  ASSERT_TRUE(in) << "docs/api.md missing";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string md = ss.str();
  for (const auto& r : Routes()) {
    std::string heading = "### `" + std::string(r.method) + " " + std::string(r.pattern) + "`";
    EXPECT_NE(md.find(heading), std::string::npos) << "docs/api.md lacks " << heading;
  }
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(std::string(OpenApiDocument())).get(doc), simdjson::SUCCESS);
  for (auto path : doc["paths"].get_object()) {
    std::string colon;  // docs use the :param form of the route table
    for (char c : path.key) {
      if (c == '{')
        colon += ':';
      else if (c != '}')
        colon += c;
    }
    EXPECT_NE(md.find(colon), std::string::npos) << "docs/api.md lacks " << path.key;
  }
}

}  // namespace
}  // namespace vigil::api
