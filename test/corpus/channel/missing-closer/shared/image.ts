export interface Image {
  name: string;
  width: number;
  height: number;
}

export async function resize(img: Image, width: number): Promise<Image> {
  return { name: img.name, width, height: Math.round((img.height * width) / img.width) };
}
