import { ElMessageBox } from 'element-plus';

/** A warning confirmation (停用, 删除, 调整…): true when the user confirmed, false when cancelled or closed. */
export async function confirmed(
  message: string,
  title: string,
  ok: string,
  cancel: string,
): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText: ok,
      cancelButtonText: cancel,
      type: 'warning',
    });
    return true;
  } catch {
    return false;
  }
}
