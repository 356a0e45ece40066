// Incremental, bounded, resumable RESP2/RESP3 reply parser: one complete reply per kOk, with
// specific error codes and limits taken from ParserOptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/resp/reply.hpp"

namespace vigil::resp {

enum class ParseStatus : std::uint8_t {
  kOk,           // one reply parsed; *consumed = its size in bytes
  kPending,      // need more bytes; *consumed = 0 (see the contract below)
  kBadType,      // unknown type byte (inline commands, HTTP, garbage...)
  kBadLength,    // malformed or negative (other than -1) length / count
  kBadInteger,   // malformed or out-of-range integer / big number
  kBadDouble,    // malformed double
  kBadBoolean,   // boolean other than #t / #f
  kBadLine,      // a line or a bulk body not terminated by CRLF; non-empty null line
  kBadVerbatim,  // verbatim string without its "xxx:" format prefix
  kTooLarge,     // reply bigger than max_reply_bytes, or aggregate above max_elements
  kTooDeep,      // nesting above max_depth
  kUnsupported,  // RESP3 streamed strings / aggregates ($?, *?, ...)
};

const char* ParseStatusName(ParseStatus s);

struct ParserOptions {
  // Largest reply accepted, in bytes. A bigger reply fails with kTooLarge as soon as it is
  // knowable (a bulk length header above the cap fails before its body arrives).
  // Must stay below 4 GiB. Default: 64 MiB.
  std::size_t max_reply_bytes = 64u << 20;
  // Deepest nesting of aggregates (the top-level aggregate is depth 1). Default: 64.
  std::size_t max_depth = 64;
  // Most elements in one aggregate (a map counts its pairs). Default: 16M.
  std::size_t max_elements = 16u << 20;
};

// Parses replies from the front of the caller's buffer.
//
// CONTRACT
// - Parse(buf, &consumed, &out) looks at the start of buf. kOk: out holds one reply and
//   *consumed is its byte size; the caller drops those bytes when it no longer needs the views.
// - kPending: *consumed = 0. The caller KEEPS all bytes of buf, appends more, and calls again
//   with a buffer that starts at the same reply byte (it may have moved in memory) and with the
//   same Reply. The parser is resumable: it remembers the nodes completed so far (as offsets, not
//   pointers) and where it stopped, so a large reply arriving in many small reads costs linear
//   total work. needed() then tells the minimum buffer size at which a new call can progress
//   (e.g. the end of a bulk body); calling earlier is harmless but useless.
// - Any error: the stream is unusable (framing is lost); the parser resets itself so it could be
//   reused on a new connection. Close the connection.
// - RESP3 attributes (`|N`) are parsed, checked against the limits and dropped: they never appear
//   in the Reply and do not count as elements of their parent.
// - Only replies are parsed: inline text (first byte not a RESP type) is kBadType.
class Parser {
 public:
  explicit Parser(ParserOptions options = {});

  ParseStatus Parse(std::string_view buf, std::size_t* consumed, Reply* out);

  // After kPending: minimal buf.size() before another Parse can make progress. 0 otherwise.
  std::size_t needed() const { return needed_; }
  // True between a kPending and the kOk/error that ends that reply.
  bool in_progress() const { return in_progress_; }
  // Forget a partial reply (e.g. the connection was reset).
  void Reset();

  // Bytes examined since construction (line scans and headers); tests use it to check that the
  // work stays linear in the input size.
  std::uint64_t work() const { return work_; }

  const ParserOptions& options() const { return options_; }

 private:
  struct Frame {
    std::uint32_t node;       // index of the aggregate node (or of the attribute's position)
    std::uint64_t remaining;  // children still to parse
    bool attribute;           // RESP3 attribute: dropped when complete
  };

  ParseStatus Fail(ParseStatus s);
  // Parses one element header at pos_; may open a frame or complete a scalar.
  ParseStatus Step(std::string_view buf, Reply* out);
  // A scalar or an empty aggregate just completed: close finished frames.
  void Complete(Reply* out);
  // Finds the CRLF-terminated line of the element at pos_. Returns kOk with *line set (between
  // the type byte and the CRLF), kPending, kBadLine, kTooLarge, or too_long when the line
  // exceeds max_line bytes.
  ParseStatus ReadLine(std::string_view buf, std::size_t max_line, ParseStatus too_long,
                       std::string_view* line);

  ParserOptions options_;
  std::vector<Frame> stack_;
  std::size_t pos_ = 0;         // offset of the next element to parse
  std::size_t scan_from_ = 0;   // memchr resumes here for a line that was incomplete
  std::size_t body_start_ = 0;  // != 0: header of a bulk at pos_ parsed, body starts here
  std::uint64_t body_len_ = 0;
  std::size_t needed_ = 0;
  bool in_progress_ = false;
  bool done_ = false;  // set by Complete() when the top-level value finished
  std::uint64_t work_ = 0;
};

}  // namespace vigil::resp
