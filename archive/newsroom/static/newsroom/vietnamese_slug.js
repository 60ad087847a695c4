'use strict';
// Django's URLify drops Vietnamese letters with stacked diacritics ("Thường" -> "thng").
// Fold them first ("Thường" -> "Thuong", "đ" -> "d") so prepopulated slugs read right.
{
    const fold = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/g, 'd').replace(/Đ/g, 'D');
    const wrap = () => {
        if (window.URLify && !window.URLify.foldsVietnamese) {
            const original = window.URLify;
            window.URLify = (text, maxLength, allowUnicode) => original(fold(text), maxLength, allowUnicode);
            window.URLify.foldsVietnamese = true;
        }
    };
    wrap();
    document.addEventListener('DOMContentLoaded', wrap);
}
