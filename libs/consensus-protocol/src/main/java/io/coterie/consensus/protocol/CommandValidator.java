package io.coterie.consensus.protocol;

import io.coterie.api.kv.KeyRules;
import io.coterie.api.kv.KvLimits;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a command against the store's documented limits before it reaches the log. The client
 * runs it to fail fast; the leader runs it again so that no client can put garbage in the log.
 */
public final class CommandValidator {

    private CommandValidator() {
    }

    /** The first rule {@code command} breaks, if any. */
    public static Optional<String> violation(Command command) {
        if (command.hasBatch()) {
            return batch(command.getBatch());
        }
        if (command.getSerializedSize() > KvLimits.MAX_COMMAND_BYTES) {
            return Optional.of("request is " + command.getSerializedSize() + " bytes; the limit is "
                    + KvLimits.MAX_COMMAND_BYTES);
        }
        return switch (command.getOpCase()) {
            case PUT -> put(command.getPut());
            case DELETE -> delete(command.getDelete());
            case TXN -> txn(command.getTxn());
            case LEASE_GRANT -> ttl(command.getLeaseGrant().getTtlMillis());
            case LEASE_KEEP_ALIVE -> leaseId(command.getLeaseKeepAlive().getId());
            case LEASE_REVOKE -> leaseId(command.getLeaseRevoke().getId());
            case LEASE_EXPIRE -> leaseId(command.getLeaseExpire().getId());
            case COMPACT -> command.getCompact().getRevision() < 0
                    ? Optional.of("compact revision must not be negative") : Optional.empty();
            case BATCH -> throw new IllegalStateException("handled above");
            case OP_NOT_SET -> Optional.of("empty command");
        };
    }

    private static Optional<String> batch(Batch batch) {
        if (batch.getCommandsCount() == 0 || batch.getCommandsCount() > KvLimits.MAX_BATCH_COMMANDS) {
            return Optional.of("a batch holds 1 to " + KvLimits.MAX_BATCH_COMMANDS + " commands");
        }
        if (batch.getSerializedSize() > KvLimits.MAX_BATCH_BYTES) {
            return Optional.of("a batch is at most " + KvLimits.MAX_BATCH_BYTES + " bytes");
        }
        for (Command command : batch.getCommandsList()) {
            if (command.hasBatch()) {
                return Optional.of("batches do not nest");
            }
            Optional<String> violation = violation(command);
            if (violation.isPresent()) {
                return violation;
            }
        }
        return Optional.empty();
    }

    /** The first rule {@code query} breaks, if any. */
    public static Optional<String> violation(Query query) {
        if (query.hasBatch()) {
            if (query.getBatch().getQueriesCount() == 0 || query.getBatch().getQueriesCount() > KvLimits.MAX_BATCH_COMMANDS) {
                return Optional.of("a batch holds 1 to " + KvLimits.MAX_BATCH_COMMANDS + " queries");
            }
            for (Query member : query.getBatch().getQueriesList()) {
                if (member.hasBatch() || member.hasWatch()) {
                    return Optional.of("a query batch holds neither batches nor watches");
                }
                Optional<String> violation = violation(member);
                if (violation.isPresent()) {
                    return violation;
                }
            }
            return Optional.empty();
        }
        return switch (query.getOpCase()) {
            case RANGE -> range(query.getRange());
            case WATCH -> watch(query.getWatch());
            case LEASE_TIME_TO_LIVE -> leaseId(query.getLeaseTimeToLive().getId());
            case LEASE_LIST, STATUS -> Optional.empty();
            case BATCH -> throw new IllegalStateException("handled above");
            case OP_NOT_SET -> Optional.of("empty query");
        };
    }

    public static Optional<String> put(PutRequest put) {
        Optional<String> key = KeyRules.keyViolation(put.getKey());
        if (key.isPresent()) {
            return key;
        }
        if (put.getValue().size() > KvLimits.MAX_VALUE_BYTES) {
            return Optional.of("value is " + put.getValue().size() + " bytes; the limit is " + KvLimits.MAX_VALUE_BYTES);
        }
        if (put.getLease() < 0) {
            return Optional.of("lease id must not be negative");
        }
        return Optional.empty();
    }

    public static Optional<String> delete(DeleteRequest delete) {
        if (delete.getPrefix()) {
            if (delete.getKey().isEmpty()) {
                return Optional.of("deleting by prefix needs a non-empty prefix");
            }
            return KeyRules.prefixViolation(delete.getKey());
        }
        return KeyRules.keyViolation(delete.getKey());
    }

    public static Optional<String> range(RangeRequest range) {
        Optional<String> key = range.getPrefix() ? KeyRules.prefixViolation(range.getKey()) : KeyRules.keyViolation(range.getKey());
        if (key.isPresent()) {
            return key;
        }
        if (range.getLimit() < 0 || range.getLimit() > KvLimits.MAX_PAGE_SIZE) {
            return Optional.of("limit must be between 1 and " + KvLimits.MAX_PAGE_SIZE);
        }
        if (!range.getAfter().isEmpty() && !range.getPrefix()) {
            return Optional.of("a page cursor only applies to prefix ranges");
        }
        return Optional.empty();
    }

    public static Optional<String> watch(WatchRequest watch) {
        Optional<String> key = watch.getPrefix() ? KeyRules.prefixViolation(watch.getKey()) : KeyRules.keyViolation(watch.getKey());
        if (key.isPresent()) {
            return key;
        }
        if (watch.getFromRevision() < 0) {
            return Optional.of("fromRevision must not be negative");
        }
        if (watch.getMaxEvents() < 0 || watch.getMaxEvents() > KvLimits.MAX_WATCH_EVENTS) {
            return Optional.of("maxEvents must be between 1 and " + KvLimits.MAX_WATCH_EVENTS);
        }
        if (watch.getWaitMillis() < 0) {
            return Optional.of("waitMillis must not be negative");
        }
        return Optional.empty();
    }

    private static Optional<String> txn(TxnRequest txn) {
        if (txn.getCompareCount() > KvLimits.MAX_TXN_OPS || txn.getSuccessCount() > KvLimits.MAX_TXN_OPS
                || txn.getFailureCount() > KvLimits.MAX_TXN_OPS) {
            return Optional.of("a transaction holds at most " + KvLimits.MAX_TXN_OPS
                    + " compares and " + KvLimits.MAX_TXN_OPS + " operations per branch");
        }
        for (Compare compare : txn.getCompareList()) {
            Optional<String> key = KeyRules.keyViolation(compare.getKey());
            if (key.isPresent()) {
                return Optional.of("compare: " + key.get());
            }
        }
        Optional<String> success = branch("success", txn.getSuccessList());
        return success.isPresent() ? success : branch("failure", txn.getFailureList());
    }

    private static Optional<String> branch(String name, List<RequestOp> ops) {
        Set<String> written = new HashSet<>();
        List<String> deletedPrefixes = new java.util.ArrayList<>();
        for (RequestOp op : ops) {
            Optional<String> violation = switch (op.getOpCase()) {
                case PUT -> put(op.getPut());
                case DELETE -> delete(op.getDelete());
                case RANGE -> range(op.getRange());
                case OP_NOT_SET -> Optional.of("empty operation");
            };
            if (violation.isPresent()) {
                return Optional.of(name + ": " + violation.get());
            }
            // Two writes to one key in one transaction would make the result depend on their order
            // in a way callers rarely mean; etcd refuses them too.
            if (op.hasPut() || (op.hasDelete() && !op.getDelete().getPrefix())) {
                String key = op.hasPut() ? op.getPut().getKey() : op.getDelete().getKey();
                if (!written.add(key)) {
                    return Optional.of(name + ": key " + key + " is written twice");
                }
            } else if (op.hasDelete()) {
                deletedPrefixes.add(op.getDelete().getKey());
            }
        }
        for (String prefix : deletedPrefixes) {
            for (String key : written) {
                if (key.startsWith(prefix)) {
                    return Optional.of(name + ": key " + key + " is written and deleted by prefix " + prefix);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ttl(long ttlMillis) {
        long min = KvLimits.MIN_LEASE_TTL_SECONDS * 1000;
        long max = KvLimits.MAX_LEASE_TTL_SECONDS * 1000;
        if (ttlMillis < min || ttlMillis > max) {
            return Optional.of("lease TTL must be between " + KvLimits.MIN_LEASE_TTL_SECONDS + " and "
                    + KvLimits.MAX_LEASE_TTL_SECONDS + " seconds");
        }
        return Optional.empty();
    }

    private static Optional<String> leaseId(long id) {
        return id <= 0 ? Optional.of("lease id must be positive") : Optional.empty();
    }
}
