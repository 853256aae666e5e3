/**
 * n8n's resident memory from its Prometheus endpoint (N8N_METRICS=true): the main process's own
 * `process_resident_memory_bytes`, read the same way an operator would.
 */
export async function n8nRssMb(baseUrl: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const line = text.split('\n').find((entry) => /^(n8n_)?process_resident_memory_bytes\s/.test(entry));
    const value = line ? Number(line.trim().split(/\s+/)[1]) : NaN;
    return Number.isFinite(value) ? value / 1024 / 1024 : undefined;
  } catch {
    return undefined; // n8n is restarting: the sample is simply missing
  }
}
