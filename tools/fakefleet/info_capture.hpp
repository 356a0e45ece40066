// The INFO text of a fresh redis 7.0.15 ("redis-server --save ''" then "INFO everything"), with
// {{field}} where fakefleet puts a per-instance value. Lines end in CRLF when rendered.
#pragma once

namespace fakefleet {

inline constexpr const char kInfoTemplate[] = R"INFO(# Server
redis_version:7.0.15
redis_git_sha1:00000000
redis_git_dirty:0
redis_build_id:ae4d7c971a948f0
redis_mode:standalone
os:Linux 6.18.44-fc-v782 x86_64
arch_bits:64
monotonic_clock:POSIX clock_gettime
multiplexing_api:epoll
atomicvar_api:c11-builtin
gcc_version:12.2.0
process_id:{{process_id}}
process_supervised:no
run_id:{{run_id}}
tcp_port:{{tcp_port}}
server_time_usec:{{server_time_usec}}
uptime_in_seconds:{{uptime_in_seconds}}
uptime_in_days:{{uptime_in_days}}
hz:10
configured_hz:10
lru_clock:{{lru_clock}}
executable:{{executable}}
config_file:
io_threads_active:0

# Clients
connected_clients:{{connected_clients}}
cluster_connections:0
maxclients:{{maxclients}}
client_recent_max_input_buffer:0
client_recent_max_output_buffer:0
blocked_clients:{{blocked_clients}}
tracking_clients:0
clients_in_timeout_table:0

# Memory
used_memory:{{used_memory}}
used_memory_human:{{used_memory_human}}
used_memory_rss:{{used_memory_rss}}
used_memory_rss_human:{{used_memory_rss_human}}
used_memory_peak:{{used_memory_peak}}
used_memory_peak_human:{{used_memory_peak_human}}
used_memory_peak_perc:102.45%
used_memory_overhead:896820
used_memory_startup:876112
used_memory_dataset:40172
used_memory_dataset_perc:65.99%
allocator_allocated:1711328
allocator_active:1851392
allocator_resident:4521984
total_system_memory:{{total_system_memory}}
total_system_memory_human:{{total_system_memory_human}}
used_memory_lua:32768
used_memory_vm_eval:32768
used_memory_lua_human:32.00K
used_memory_scripts_eval:0
number_of_cached_scripts:0
number_of_functions:0
number_of_libraries:0
used_memory_vm_functions:33792
used_memory_vm_total:66560
used_memory_vm_total_human:65.00K
used_memory_functions:200
used_memory_scripts:200
used_memory_scripts_human:200B
maxmemory:{{maxmemory}}
maxmemory_human:{{maxmemory_human}}
maxmemory_policy:noeviction
allocator_frag_ratio:1.08
allocator_frag_bytes:140064
allocator_rss_ratio:2.44
allocator_rss_bytes:2670592
rss_overhead_ratio:1.48
rss_overhead_bytes:2170880
mem_fragmentation_ratio:{{mem_fragmentation_ratio}}
mem_fragmentation_bytes:5795944
mem_not_counted_for_evict:0
mem_replication_backlog:20508
mem_total_replication_buffers:20504
mem_clients_slaves:0
mem_clients_normal:0
mem_cluster_links:0
mem_aof_buffer:0
mem_allocator:jemalloc-5.3.0
active_defrag_running:0
lazyfree_pending_objects:0
lazyfreed_objects:0

# Persistence
loading:0
async_loading:0
current_cow_peak:0
current_cow_size:0
current_cow_size_age:0
current_fork_perc:0.00
current_save_keys_processed:0
current_save_keys_total:0
rdb_changes_since_last_save:0
rdb_bgsave_in_progress:0
rdb_last_save_time:{{rdb_last_save_time}}
rdb_last_bgsave_status:ok
rdb_last_bgsave_time_sec:-1
rdb_current_bgsave_time_sec:-1
rdb_saves:0
rdb_last_cow_size:0
rdb_last_load_keys_expired:1
rdb_last_load_keys_loaded:0
aof_enabled:0
aof_rewrite_in_progress:0
aof_rewrite_scheduled:0
aof_last_rewrite_time_sec:-1
aof_current_rewrite_time_sec:-1
aof_last_bgrewrite_status:ok
aof_rewrites:0
aof_rewrites_consecutive_failures:0
aof_last_write_status:ok
aof_last_cow_size:0
module_fork_in_progress:0
module_fork_last_cow_size:0

# Stats
total_connections_received:{{total_connections_received}}
total_commands_processed:{{total_commands_processed}}
instantaneous_ops_per_sec:{{instantaneous_ops_per_sec}}
total_net_input_bytes:31
total_net_output_bytes:0
total_net_repl_input_bytes:0
total_net_repl_output_bytes:0
instantaneous_input_kbps:0.00
instantaneous_output_kbps:0.00
instantaneous_input_repl_kbps:0.00
instantaneous_output_repl_kbps:0.00
rejected_connections:{{rejected_connections}}
sync_full:0
sync_partial_ok:0
sync_partial_err:0
expired_keys:0
expired_stale_perc:0.00
expired_time_cap_reached_count:0
expire_cycle_cpu_milliseconds:0
evicted_keys:0
evicted_clients:0
total_eviction_exceeded_time:0
current_eviction_exceeded_time:0
keyspace_hits:0
keyspace_misses:0
pubsub_channels:0
pubsub_patterns:0
pubsubshard_channels:0
latest_fork_usec:0
total_forks:0
migrate_cached_sockets:0
slave_expires_tracked_keys:0
active_defrag_hits:0
active_defrag_misses:0
active_defrag_key_hits:0
active_defrag_key_misses:0
total_active_defrag_time:0
current_active_defrag_time:0
tracking_total_keys:0
tracking_total_items:0
tracking_total_prefixes:0
unexpected_error_replies:0
total_error_replies:0
{{acl_stats}}
dump_payload_sanitizations:0
total_reads_processed:1
total_writes_processed:0
io_threaded_reads_processed:0
io_threaded_writes_processed:0
reply_buffer_shrinks:0
reply_buffer_expands:0

# Replication
role:master
connected_slaves:0
master_failover_state:no-failover
master_replid:803ee360fc98fb3e61693b94baf538b79dbaf015
master_replid2:df211337a0e5912d69963ec791f990fbbae1e8ca
master_repl_offset:45
second_repl_offset:1
repl_backlog_active:1
repl_backlog_size:1048576
repl_backlog_first_byte_offset:1
repl_backlog_histlen:45

# CPU
used_cpu_sys:0.000000
used_cpu_user:0.003691
used_cpu_sys_children:0.000000
used_cpu_user_children:0.000000
used_cpu_sys_main_thread:0.000000
used_cpu_user_main_thread:0.003614

# Modules

# Commandstats

# Errorstats

# Latencystats

# Cluster
cluster_enabled:0

# Keyspace
)INFO";

}  // namespace fakefleet
