/** Counts of what the fleet published, by channel (e.g. `telemetry`, `z2m/state`, `frigate/events`). */
export class PublishStats {
  private readonly byChannel = new Map<string, number>();
  private droppedWhileOffline = 0;

  count(channel: string): void {
    this.byChannel.set(channel, (this.byChannel.get(channel) ?? 0) + 1);
  }

  countDropped(): void {
    this.droppedWhileOffline++;
  }

  snapshot(): { published: Record<string, number>; total: number; droppedWhileOffline: number } {
    const published = Object.fromEntries([...this.byChannel].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.byChannel.values()].reduce((sum, n) => sum + n, 0);
    return { published, total, droppedWhileOffline: this.droppedWhileOffline };
  }
}
