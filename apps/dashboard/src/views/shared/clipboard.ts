import { ElMessage } from 'element-plus';

/** Copies `text`, saying so in a toast, or that it could not (an insecure page, a refusal). */
export async function copyText(text: string, said: { copied: string; failed: string }): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    ElMessage.success(said.copied);
  } catch {
    ElMessage.warning(said.failed);
  }
}
