// piscina's task for the tiny-task case (the same work as work.mjs tiny).
export default function tiny(i) {
  return i + 1;
}
