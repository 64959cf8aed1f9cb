package io.coterie.scheduler.service.leadership;

/** Told when this instance starts and stops leading; called from the leadership thread, so it must not block. */
public interface LeadershipListener {

    void lead(long fencingToken);

    void follow();
}
