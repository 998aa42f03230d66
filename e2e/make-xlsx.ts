/** A products workbook as a user brings one, written with exceljs (not the importer's own reader). */
import ExcelJS from 'exceljs';

export async function productsWorkbook(
  file: string,
  shopUrl: string,
  skus: { sku: string; name: string; price: number | string; ean: string }[],
) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Products');
  sheet.addRow(['Artikelnummer', 'Bezeichnung', 'Preis', 'Währung', 'EAN', 'Link']);
  for (const p of skus) sheet.addRow([p.sku, p.name, p.price, 'EUR', p.ean, `${shopUrl}/p/${p.sku.toLowerCase()}`]);
  await book.xlsx.writeFile(file);
}
