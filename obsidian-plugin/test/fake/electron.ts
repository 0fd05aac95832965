// A stand-in for Electron's `shell`: records what would be shown in the file manager.
export const shell = {
  shown: [] as string[],
  showItemInFolder(fullPath: string): void {
    shell.shown.push(fullPath);
  },
};
