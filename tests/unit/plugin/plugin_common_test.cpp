// The header-only helpers the sink plugins share (plugins/common): JSON writing and reading,
// the strict sinkOptions reader, UTF-8 truncation and formatting, retry delays.
#include <gtest/gtest.h>

#include "plugins/common/json_copy.hpp"
#include "plugins/common/json_value.hpp"
#include "plugins/common/json_writer.hpp"
#include "plugins/common/options.hpp"
#include "plugins/common/sink_util.hpp"
#include "plugins/common/text.hpp"

namespace vigil_plugins {
namespace {

TEST(PluginJsonWriter, StructureAndEscapes) {
  JsonWriter w;
  w.BeginObject().Field("a", "x\"y\\z\n\t\x01").IntField("n", -5).BoolField("b", false);
  w.Key("arr").BeginArray().Int(1).String("two").BeginObject().EndObject().EndArray();
  w.Key("raw").Raw("{\"k\":[1]}").EndObject();
  EXPECT_EQ(w.str(),
            R"({"a":"x\"y\\z\n\t\u0001","n":-5,"b":false,"arr":[1,"two",{}],"raw":{"k":[1]}})");
}

TEST(PluginJsonWriter, InvalidUtf8BecomesReplacementCharacter) {
  std::string out;
  AppendJsonString(out, "ok \xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5");  // valid: kept
  EXPECT_EQ(out, "\"ok \xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5\"");
  out.clear();
  AppendJsonString(out,
                   "a\xff"
                   "b\xc3"
                   "c\xed\xa0\x80"
                   "d\xc0\xaf");  // stray, cut, surrogate, overlong
  EXPECT_EQ(out,
            "\"a\xef\xbf\xbd"
            "b\xef\xbf\xbd"
            "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
            "d\xef\xbf\xbd\xef\xbf\xbd\"");
}

TEST(PluginJsonReader, ParsesAndRoundTrips) {
  std::string err;
  auto v = JsonReader::Parse(
      R"( {"s":"a\u00e9\ud83d\udd25\/","n":-1.5e3,"i":90,"t":true,"z":null,"a":[1,{"b":[]}]} )",
      &err);
  ASSERT_TRUE(v) << err;
  EXPECT_EQ(v->Find("s")->text, "a\xc3\xa9\xf0\x9f\x94\xa5/");
  EXPECT_EQ(v->Find("n")->number, -1500);
  EXPECT_EQ(v->Find("n")->text, "-1.5e3");
  EXPECT_EQ(v->Find("i")->text, "90");
  EXPECT_TRUE(v->Find("t")->boolean);
  EXPECT_EQ(v->Find("z")->kind, JsonValue::Kind::kNull);
  EXPECT_EQ(v->Find("missing"), nullptr);
  JsonWriter w;
  WriteJsonValue(w, *v);
  EXPECT_EQ(w.str(),
            "{\"s\":\"a\xc3\xa9\xf0\x9f\x94\xa5/\",\"n\":-1.5e3,\"i\":90,\"t\":true,\"z\":null,"
            "\"a\":[1,{\"b\":[]}]}");
}

TEST(PluginJsonReader, RejectsWhatIsNotJson) {
  for (const char* bad :
       {"", "{", "{\"a\":1,}", "[1,]", "{'a':1}", "01", "1.", "-", "1e", "\"\\x\"", "\"\\ud800\"",
        "\"\\udc00\"", "\"a\nb\"", "tru", "{} {}", "{\"a\" 1}", "nul"}) {
    std::string err;
    EXPECT_FALSE(JsonReader::Parse(bad, &err)) << bad;
    EXPECT_NE(err.find("at byte"), std::string::npos) << bad;
  }
  std::string err;
  EXPECT_FALSE(JsonReader::Parse("[[[[1]]]]", &err, {1024, 3}));
  EXPECT_EQ(err, "nesting too deep at byte 4");  // depth 0..3 allowed
  EXPECT_FALSE(JsonReader::Parse("[1, 2, 3]", &err, {4, 32}));
  EXPECT_EQ(err, "document larger than 4 bytes");
  EXPECT_TRUE(JsonReader::Parse(std::string(100000, '[') + std::string(100000, ']'), &err) ==
              std::nullopt);  // deep input is refused, not a stack overflow
}

TEST(PluginOptions, TypedStrictReads) {
  OptionReader r(R"({"name":"x","on":true,"n":2.5})");
  EXPECT_EQ(r.String("name"), "x");
  EXPECT_EQ(r.Bool("on"), true);
  EXPECT_EQ(r.Number("n", 0, 10), 2.5);
  EXPECT_EQ(r.String("absent"), std::nullopt);
  EXPECT_TRUE(r.Finish());

  OptionReader range(R"({"n":11})");
  range.Number("n", 0, 10);
  EXPECT_EQ(range.error(), "sinkOptions.n: must be between 0 and 10");
  OptionReader type(R"({"on":"yes"})");
  type.Bool("on");
  EXPECT_EQ(type.error(), "sinkOptions.on: must be true or false");
  OptionReader unknown(R"({"a":"1","b":"2"})");
  unknown.String("a");
  EXPECT_FALSE(unknown.Finish());
  EXPECT_EQ(unknown.error(), "sinkOptions.b: unknown option (known: a)");
  OptionReader first(R"({"a":1})");  // the first error wins
  first.String("a", true);
  first.String("b", true);
  EXPECT_EQ(first.error(), "sinkOptions.a: must be a string");
  OptionReader nulls(R"({"a":null})");
  EXPECT_EQ(nulls.error(), "sinkOptions.a: must be a string, number or boolean");
  OptionReader many("{" + [] {
    std::string s;
    for (int i = 0; i < 65; ++i) s += (i ? "," : "") + ("\"k" + std::to_string(i) + "\":1");
    return s;
  }() + "}");
  EXPECT_EQ(many.error(), "sinkOptions: more than 64 options");
  OptionReader chars(R"({"m":"ééé"})");
  EXPECT_EQ(chars.String("m", false, 3), "ééé");  // code points, not bytes
}

TEST(PluginText, TruncateChars) {
  EXPECT_EQ(TruncateChars("hello", 5), "hello");
  EXPECT_EQ(TruncateChars("hello!", 5), "hell\xe2\x80\xa6");
  EXPECT_EQ(TruncateChars("ab cdef", 4), "ab\xe2\x80\xa6");  // trailing space dropped
  EXPECT_EQ(TruncateChars("\xc3\xa9\xc3\xa9\xc3\xa9", 2), "\xc3\xa9\xe2\x80\xa6");
  EXPECT_EQ(TruncateChars("\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5", 1), "\xe2\x80\xa6");
  EXPECT_EQ(TruncateChars("abc", 0), "");
  EXPECT_EQ(CodePoints("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\xa5"), 4u);
}

TEST(PluginText, Formatting) {
  EXPECT_EQ(Iso8601(1718000000123), "2024-06-10T06:13:20.123Z");
  EXPECT_EQ(Iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(HumanDuration(850), "850 ms");
  EXPECT_EQ(HumanDuration(12512), "12.5 s");
  EXPECT_EQ(HumanDuration(5000), "5 s");
  EXPECT_EQ(HumanDuration(200000), "3 min 20 s");
  EXPECT_EQ(HumanDuration(7500000), "2 h 5 min");
  EXPECT_EQ(HumanBytes(512), "512 B");
  EXPECT_EQ(HumanBytes(1073741824), "1 GiB");
  EXPECT_EQ(HumanBytes(992903168), "946.9 MiB");
  EXPECT_EQ(InstanceLink("", "cache-1"), "");
  EXPECT_EQ(InstanceLink("https://v.example/ui//", "a b/é"),
            "https://v.example/ui/instances/a%20b%2F%C3%A9");
}

TEST(PluginSinkUtil, SecondsToMs) {
  EXPECT_EQ(SecondsToMs("2"), 2000);
  EXPECT_EQ(SecondsToMs(" 1.5 "), 1500);
  EXPECT_EQ(SecondsToMs("0.0001"), 1);  // rounded up
  EXPECT_EQ(SecondsToMs("999999"), 86400000);
  EXPECT_EQ(SecondsToMs("-1"), std::nullopt);
  EXPECT_EQ(SecondsToMs("soon"), std::nullopt);
  EXPECT_EQ(SecondsToMs("Wed, 21 Oct 2015 07:28:00 GMT"), std::nullopt);
  EXPECT_EQ(SecondsToMs(""), std::nullopt);
  EXPECT_EQ(SecondsToMs("3s"), std::nullopt);
}

}  // namespace
}  // namespace vigil_plugins
