package io.coterie.consensus.core;

import io.coterie.consensus.protocol.Error;
import io.coterie.consensus.protocol.QueryResult;
import io.coterie.consensus.protocol.WatchResponse;

/** One look at the history for a watch: events to deliver, or the error that the start is compacted. */
public record WatchPoll(WatchResponse response, Error error) {

    static WatchPoll of(WatchResponse response) {
        return new WatchPoll(response, null);
    }

    static WatchPoll compacted(Error error) {
        return new WatchPoll(null, error);
    }

    /** True when the caller should wait for more before answering. */
    public boolean isEmpty() {
        return error == null && response.getEventsCount() == 0;
    }

    public QueryResult toResult() {
        return error != null
                ? QueryResult.newBuilder().setError(error).build()
                : QueryResult.newBuilder().setWatch(response).build();
    }
}
