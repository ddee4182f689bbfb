/** A record screen with nothing to show: still a page with its heading (screen readers land on it). */
export function Missing({ text }: { text: string }) {
  return (
    <div class="stack">
      <h1>记录</h1>
      <p class="notice">{text}</p>
    </div>
  );
}
